<?php
// Cisco's AXL (Unified CM's administration API, the corpus's ciscoaxl 0.164 WSDL: 1,038
// operations) on PHP's SoapServer, answering two of them from a fixed inventory of phones:
// `php -S 127.0.0.1:PORT php-axl.php`, SOAPFIG_WSDL naming AXLAPI.wsdl.

class Axl
{
    private const PHONES = [
        'SEP001122334455' => 'Lobby',
        'SEP00AABBCCDDEE' => 'Office',
    ];

    public function getPhone($req)
    {
        if (!isset($req->name) || $req->name !== 'SEP001122334455') {
            // AXL's own error detail, which its WSDL does not declare.
            throw new SoapFault('Client', 'Item not valid: The specified Phone was not found', null,
                ['axlcode' => 5007, 'axlmessage' => 'Item not valid', 'request' => 'getPhone'], 'axlError');
        }
        return ['return' => ['phone' => [
            'name' => 'SEP001122334455',
            'description' => 'Lobby phone <front desk> & co',
            'product' => 'Cisco 8845',
            'class' => 'Phone',
            'protocol' => 'SIP',
            'protocolSide' => 'User',
            'devicePoolName' => ['_' => 'Default', 'uuid' => '{1B1B9EB6-7803-11D3-BDF0-00108302EAD1}'],
            'lines' => ['line' => [
                ['index' => 1, 'dirn' => ['pattern' => '1001', 'routePartitionName' => 'Internal'], 'display' => 'Lobby'],
                ['index' => 2, 'dirn' => ['pattern' => '1002', 'routePartitionName' => 'Internal']],
            ]],
            'uuid' => '{0A7B6C3D-1111-2222-3333-444455556666}',
            'ctiid' => 42,
        ]]];
    }

    public function listPhone($req)
    {
        // AXL's `%` wildcard; the answer holds only the tags asked for.
        $pattern = str_replace('%', '*', $req->searchCriteria->name);
        $asked = array_keys(get_object_vars($req->returnedTags));
        $phones = [];
        foreach (self::PHONES as $name => $description) {
            if (fnmatch($pattern, $name)) {
                $phone = ['name' => $name, 'description' => $description];
                $phones[] = array_intersect_key($phone, array_flip($asked));
            }
        }
        return ['return' => ['phone' => $phones]];
    }
}

// The WSDL is 4.4 MB: parsed once per server process, not per request.
$server = new SoapServer(getenv('SOAPFIG_WSDL'), [
    'cache_wsdl' => WSDL_CACHE_MEMORY,
    'features' => SOAP_SINGLE_ELEMENT_ARRAYS,
]);
$server->setClass('Axl');
$server->handle();
