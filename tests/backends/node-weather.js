// The CDYNE weather service of strong-soap's examples (corpus: weather.wsdl), served by
// node-soap 1.13 on 127.0.0.1 for tests/e2e/tests/node_weather.rs.
// Usage: node node-weather.js WSDL PORT VERSION (1.1 or 1.2: node-soap answers in one version
// whatever the request's, so a server per version)
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');
const soap = require(path.join(__dirname, 'node', 'node_modules', 'soap'));

const [wsdlPath, port, version] = process.argv.slice(2);
const wsdl = fs.readFileSync(wsdlPath, 'utf8');

function unknownZip(zip) {
  // No statusCode: node-soap then answers the fault with HTTP 200, as its docs say.
  if (version === '1.2') {
    throw { Fault: { Code: { Value: 'soap:Sender' }, Reason: { Text: `unknown ZIP ${zip}` } } };
  }
  throw { Fault: { faultcode: 'soap:Client', faultstring: `unknown ZIP ${zip}` } };
}

const weather = {
  GetWeatherInformation() {
    return {
      GetWeatherInformationResult: {
        WeatherDescription: [
          { WeatherID: 1, Description: 'Thunder Storms', PictureURL: 'http://127.0.0.1/1.gif' },
          { WeatherID: 2, Description: 'Partly Cloudy' },
        ],
      },
    };
  },
  GetCityForecastByZIP(args) {
    // node-soap passes null for an empty request element.
    const ZIP = args?.ZIP;
    if (ZIP === undefined) {
      return { GetCityForecastByZIPResult: { Success: false, ResponseText: 'ZIP is required' } };
    }
    if (ZIP === '00000') unknownZip(ZIP);
    // node-soap writes a null array item as an empty element, not xsi:nil: here a Forecast
    // without its required children.
    const broken = ZIP === '99999' ? [null] : [];
    return {
      GetCityForecastByZIPResult: {
        Success: true,
        City: `City ${ZIP}`,
        ForecastResult: {
          Forecast: [
            {
              Date: '2026-11-22T00:00:00',
              WeatherID: 3,
              Desciption: 'Sunny',
              Temperatures: { MorningLow: '4', DaytimeHigh: '11' },
              ProbabilityOfPrecipiation: { Nighttime: '10', Daytime: '20' },
            },
            {
              Date: '2026-11-23T00:00:00',
              WeatherID: -4,
              Temperatures: {},
              ProbabilityOfPrecipiation: {},
            },
            ...broken,
          ],
        },
      },
    };
  },
  GetCityWeatherByZIP(args) {
    const ZIP = args?.ZIP;
    if (ZIP === '00000') unknownZip(ZIP);
    // node-soap answers an exception with a fault it builds itself.
    if (ZIP === 'crash') throw new Error('boom');
    return {
      GetCityWeatherByZIPResult: {
        Success: true,
        City: `City ${ZIP}`,
        WeatherID: 14,
        Temperature: '-3',
        Remarks: 'ice < 2cm & falling "fast"',
      },
    };
  },
};

const server = http.createServer((req, res) => {
  res.statusCode = 404;
  res.end();
});
server.listen(Number(port), '127.0.0.1', () => {
  const soapServer = soap.listen(server, {
    path: '/WeatherWS/Weather.asmx',
    services: { Weather: { WeatherSoap: weather, WeatherSoap12: weather } },
    xml: wsdl,
    forceSoap12Headers: version === '1.2',
  });
  if (process.env.NODE_WEATHER_LOG) soapServer.log = (type, data) => console.error(type, data);
});
