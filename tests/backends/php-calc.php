<?php
// The rpc/literal test service on PHP's SoapServer: `php -S 127.0.0.1:PORT php-calc.php`,
// SOAPFIG_WSDL naming tests/wsdl/calc.wsdl. Each part arrives as an argument.

class Calc
{
    public function Add($a, $b)
    {
        return $a + $b;
    }

    public function Describe($label, $values)
    {
        $numbers = array_map('floatval', preg_split('/\s+/', trim($values)));
        return ['count' => count($numbers), 'mean' => (string) (array_sum($numbers) / count($numbers))];
    }
}

$server = new SoapServer(getenv('SOAPFIG_WSDL'), ['cache_wsdl' => WSDL_CACHE_NONE]);
$server->setClass('Calc');
$server->handle();
