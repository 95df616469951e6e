<?php
// The demo's customer register (wsdl/demo.wsdl) on PHP's SoapServer: the legacy side of the
// migration tests (crates/soapfig/tests/migration.rs), run with
// `php -S 127.0.0.1:PORT php-demo.php`, SOAPFIG_WSDL naming the WSDL. The same customers as the
// embedded demo and as its modern replacement (modern_demo.py). It keeps no state: a customer
// it creates is answered, not kept.

// xs:decimal keeps its digits as a string: PHP's default mapping goes through a float.
$exact = [[
    'type_ns' => 'http://www.w3.org/2001/XMLSchema',
    'type_name' => 'decimal',
    'from_xml' => function ($xml) {
        return trim(strip_tags($xml));
    },
    'to_xml' => function ($value) {
        return '<decimal>' . htmlspecialchars((string) $value, ENT_XML1) . '</decimal>';
    },
]];

function customers()
{
    $phone = function ($kind, $number) {
        return ['_' => $number, 'kind' => $kind];
    };
    return [
        ['id' => 1, 'vip' => true, 'name' => 'Ada Lovelace', 'email' => 'ada@example.org',
         'status' => 'active', 'balance' => '1234.50', 'since' => '1843-07-01',
         'phone' => [$phone('mobile', '+44 20 7946 0000')], 'tag' => ['analytical', 'engine']],
        ['id' => 2, 'vip' => false, 'name' => 'Charles Babbage', 'email' => null,
         'status' => 'suspended', 'balance' => '-12.00', 'since' => '1832-01-01',
         'phone' => [], 'tag' => []],
        ['id' => 3, 'vip' => false, 'name' => 'Grace Hopper & Co <COBOL>', 'email' => '',
         'status' => 'active', 'balance' => '12345678901234567890.123456789',
         'since' => '1952-05-01+01:00',
         'phone' => [$phone('work', '555-0100'), $phone('home', '555-0199')], 'tag' => ['compiler']],
    ];
}

class Register
{
    public function GetCustomer($request)
    {
        foreach (customers() as $c) {
            if ((string) $c['id'] === (string) $request->id) {
                return ['customer' => $c];
            }
        }
        $id = htmlspecialchars((string) $request->id, ENT_XML1);
        $detail = '<t:CustomerNotFound xmlns:t="urn:soapfig:demo:customers"><t:id>' . $id
            . '</t:id></t:CustomerNotFound>';
        throw new SoapFault('Client', "no customer has the number $id", null, new SoapVar($detail, XSD_ANYXML));
    }

    public function FindCustomers($request)
    {
        $status = isset($request->status) ? $request->status : null;
        $part = isset($request->nameContains) ? strtolower($request->nameContains) : '';
        $found = [];
        foreach (customers() as $c) {
            if (($status === null || $c['status'] === $status)
                && ($part === '' || strpos(strtolower($c['name']), $part) !== false)) {
                $found[] = $c;
            }
        }
        return ['customer' => $found];
    }

    public function CreateCustomer($request)
    {
        $phones = [];
        foreach (isset($request->phone) ? $request->phone : [] as $p) {
            $phones[] = ['_' => $p->_, 'kind' => $p->kind];
        }
        return ['customer' => [
            'id' => 4, 'vip' => false, 'name' => $request->name,
            'email' => isset($request->email) ? $request->email : null, 'status' => 'active',
            'balance' => '0', 'since' => '2026-11-21', 'phone' => $phones,
            'tag' => isset($request->tag) ? $request->tag : [],
        ]];
    }
}

$server = new SoapServer(getenv('SOAPFIG_WSDL'), [
    // Parsed once per PHP worker, not per request.
    'cache_wsdl' => WSDL_CACHE_MEMORY,
    'features' => SOAP_SINGLE_ELEMENT_ARRAYS,
    'typemap' => $exact,
]);
$server->setClass('Register');
$server->handle();
