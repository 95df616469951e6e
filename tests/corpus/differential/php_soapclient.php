<?php
// For each case of a JSON-lines file (encoded operations of the corpus), has PHP's SoapClient
// build the request for the case's operation and prints it as one JSON line: {"id", "envelope"},
// or {"id", "error"} when SoapClient could not load the WSDL or encode the arguments. Nothing is
// sent anywhere: __doRequest keeps the request. Run by tests/corpus/differential.rs.

final class CapturingClient extends SoapClient
{
    public ?string $request = null;

    public function __doRequest($request, $location, $action, $version, $oneWay = false): ?string
    {
        $this->request = $request;
        // No answer: SoapClient then throws "looks like we got no XML document", which is expected.
        return '';
    }
}

/** A sample's client form (tests/corpus-compiled/src/sample.rs) as SoapClient takes it. */
function php_value(mixed $v): mixed
{
    if (!is_array($v)) {
        return $v;
    }
    if (array_key_exists('$type', $v)) {
        [$ns, $local] = explode('}', substr($v['$type'], 1), 2);
        return new SoapVar(php_value($v['fields']), SOAP_ENC_OBJECT, $local, $ns);
    }
    if (array_key_exists('$anytype', $v)) {
        // Samples type xs:anyType elements as xs:string only.
        [$ns, $local] = explode('}', substr($v['$anytype'], 1), 2);
        return new SoapVar($v['value'], XSD_STRING, $local, $ns);
    }
    if (array_key_exists('$nil', $v)) {
        return null;
    }
    if (array_key_exists('$decimal', $v)) {
        return $v['$decimal'];
    }
    if (array_key_exists('$gregorian', $v)) {
        return $v['$gregorian'];
    }
    if (array_key_exists('$base64', $v)) {
        return base64_decode($v['$base64'], true);
    }
    if (array_key_exists('$hex', $v)) {
        return hex2bin($v['$hex']);
    }
    if (array_key_exists('$qname', $v)) {
        throw new InvalidArgumentException('SoapClient has no form for an xs:QName value');
    }
    return array_map('php_value', $v);
}

$clients = [];
foreach (file($argv[1], FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) as $line) {
    $case = json_decode($line, true, 512, JSON_THROW_ON_ERROR);
    $out = ['id' => $case['id']];
    try {
        $wsdl = $case['wsdl'];
        $clients[$wsdl] ??= new CapturingClient($wsdl, [
            'cache_wsdl' => WSDL_CACHE_NONE,
            'soap_version' => $case['soap_version'] === '1.2' ? SOAP_1_2 : SOAP_1_1,
        ]);
        $client = $clients[$wsdl];
        $client->request = null;
        try {
            $client->__soapCall($case['operation'], array_map('php_value', $case['args']));
        } catch (SoapFault $e) {
            if ($client->request === null) {
                throw $e;
            }
        }
        $out['envelope'] = $client->request;
    } catch (Throwable $e) {
        $out['error'] = get_class($e) . ': ' . $e->getMessage();
    }
    echo json_encode($out, JSON_UNESCAPED_SLASHES), "\n";
}
