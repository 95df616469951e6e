<?php
// An rpc/encoded service on PHP's SoapServer: `php -S 127.0.0.1:PORT php-interop.php`, with
// SOAPFIG_WSDL naming a SOAPBuilders interop round 2 WSDL (base or group B) from the downloaded
// corpus. Every operation echoes its first part, decoded by PHP and encoded again.

class InteropEcho
{
    public function __call($name, $args)
    {
        $value = $args[0] ?? null;
        // A struct array whose first item says "shared" is answered with that one object in
        // every place: PHP's encoder writes it once with an `id`, and `href` references to it
        // in the other places (SOAP 1.1 multi-references).
        if ($name === 'echoStructArray' && is_array($value) && count($value) > 0
            && ($value[0]->varString ?? null) === 'shared') {
            return array_fill(0, count($value), $value[0]);
        }
        return $value;
    }
}

$server = new SoapServer(getenv('SOAPFIG_WSDL'), ['cache_wsdl' => WSDL_CACHE_NONE]);
$server->setObject(new InteropEcho());
$server->handle();
