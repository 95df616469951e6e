<?php
// An rpc/encoded service on PHP's SoapServer: `php -S 127.0.0.1:PORT php-interop.php`, with
// SOAPFIG_WSDL naming the SOAPBuilders interop round 2 base WSDL from the downloaded corpus.
// Every operation echoes its one part, decoded by PHP and encoded again.

class InteropEcho
{
    public function __call($name, $args)
    {
        return $args[0] ?? null;
    }
}

$server = new SoapServer(getenv('SOAPFIG_WSDL'), ['cache_wsdl' => WSDL_CACHE_NONE]);
$server->setObject(new InteropEcho());
$server->handle();
