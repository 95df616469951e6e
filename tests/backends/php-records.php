<?php
// The records test service on PHP's SoapServer, run with `php -S 127.0.0.1:PORT php-records.php`.
// SOAPFIG_WSDL names the WSDL. Besides /records (the service), it answers the ways broken
// backends do: /html (an HTML error page), /slow (late), /garbage (malformed XML),
// /wrong (a well-formed envelope with an element the WSDL does not declare), /cut-short (a
// long answer whose XML breaks near its end), /wrong-early (a long answer with an undeclared
// element at its start).

$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
switch ($path) {
    case '/html':
        http_response_code(502);
        header('Content-Type: text/html');
        echo "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";
        return;
    case '/slow':
        sleep(3);
        header('Content-Type: text/xml');
        echo '<?xml version="1.0"?><x/>';
        return;
    case '/garbage':
        header('Content-Type: text/xml');
        echo '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
            . '<t:DivideResponse xmlns:t="urn:soapfig:test:records:types"><t:quotient>1</t:quo';
        return;
    case '/wrong':
        header('Content-Type: text/xml');
        echo '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
            . '<t:DivideResponse xmlns:t="urn:soapfig:test:records:types"><t:quotient>1</t:quotient><t:surprise>x</t:surprise></t:DivideResponse>'
            . '</soap:Body></soap:Envelope>';
        return;
    case '/cut-short':
        // Written by hand, and flushed as it goes: PHP's own encoder would build it whole.
        header('Content-Type: text/xml');
        echo '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
            . '<t:LookupResult xmlns:t="urn:soapfig:test:records:types"><t:key>BIG-25</t:key>';
        for ($i = 1; $i <= 50000; $i++) {
            echo "<t:value>value $i</t:value>";
        }
        echo '<t:value>broken</t:val';
        return;
    case '/wrong-early':
        // A long answer whose second element the WSDL does not declare.
        header('Content-Type: text/xml');
        echo '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
            . '<t:LookupResult xmlns:t="urn:soapfig:test:records:types"><t:key>BIG-25</t:key><t:surprise>x</t:surprise>'
            . str_repeat('<t:value>padding</t:value>', 20000)
            . '</t:LookupResult></soap:Body></soap:Envelope>';
        return;
}

// xs:decimal and xs:integer keep their digits as strings: PHP's default mapping goes through a
// float, which would lose them on the backend's side.
$exact = [];
foreach (['decimal', 'integer'] as $type) {
    $exact[] = [
        'type_ns' => 'http://www.w3.org/2001/XMLSchema',
        'type_name' => $type,
        'from_xml' => function ($xml) {
            return trim(strip_tags($xml));
        },
        'to_xml' => function ($value) use ($type) {
            return "<$type>" . htmlspecialchars((string) $value, ENT_XML1) . "</$type>";
        },
    ];
}

class Records
{
    public function EchoRecord($request)
    {
        return $request;
    }

    public function Divide($request)
    {
        $dividend = $request->dividend;
        $divisor = $request->divisor;
        if ((float) $divisor == 0.0) {
            // The detail is written out: PHP's fault encoder skips the typemap and would write
            // the decimal empty.
            $detail = '<t:DivisionByZero xmlns:t="urn:soapfig:test:records:types"><t:dividend>'
                . htmlspecialchars($dividend, ENT_XML1)
                . '</t:dividend><t:hint>pick a divisor that is not 0</t:hint></t:DivisionByZero>';
            throw new SoapFault('Client', 'division by zero', null, new SoapVar($detail, XSD_ANYXML));
        }
        if ($dividend === '666') {
            throw new SoapFault('Server', 'the abacus broke');
        }
        return ['quotient' => (string) ((float) $dividend / (float) $divisor)];
    }

    public function Lookup($query)
    {
        // BIG-NN: NN thousand values, for answers too large to be held whole.
        if (preg_match('/^BIG-(\d\d)$/', $query->key, $m)) {
            $values = [];
            for ($i = 1; $i <= 1000 * (int) $m[1]; $i++) {
                $values[] = "value $i";
            }
            return ['key' => $query->key, 'value' => $values];
        }
        $exact = isset($query->exact) && $query->exact;
        return ['key' => $query->key, 'value' => $exact ? ['exact'] : ['one', 'two']];
    }
}

$server = new SoapServer(getenv('SOAPFIG_WSDL'), [
    'cache_wsdl' => WSDL_CACHE_NONE,
    'features' => SOAP_SINGLE_ELEMENT_ARRAYS,
    'typemap' => $exact,
]);
$server->setClass('Records');
$server->handle();
