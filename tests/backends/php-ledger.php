<?php
// Document/literal messages of several parts, of none, and a one-way operation, on PHP's
// SoapServer: `php -S 127.0.0.1:PORT php-ledger.php`, SOAPFIG_WSDL naming tests/wsdl/ledger.wsdl
// and SOAPFIG_STATE a file that keeps the notes between requests.

class Ledger
{
    private $user = null;

    // SoapServer calls a method named after each header block it receives.
    public function Auth($auth)
    {
        if ($auth->token !== 'secret') {
            throw new SoapFault('Client', 'bad token');
        }
        $this->user = $auth->user;
    }

    public function Transfer($from, $to, $amount)
    {
        $memo = "$from -> $to: $amount";
        return [
            // An xs:QName attribute, its prefix the one PHP declares for the target namespace.
            new SoapParam(['number' => 42, 'memo' => $memo, 'kind' => 'ns1:transfer'], 'receipt'),
            new SoapParam('-' . $amount, 'balance'),
        ];
    }

    public function AddNote($note)
    {
        $line = $note->text;
        if (isset($note->extra)) {
            // xs:anyType reaches PHP as whatever its decoder makes of it.
            $line .= ' | ' . json_encode($note->extra);
        }
        file_put_contents(getenv('SOAPFIG_STATE'), $line . "\n", FILE_APPEND);
    }

    public function Stamp($text)
    {
        global $server;
        if ($this->user !== null) {
            $server->addSoapHeader(new SoapHeader('urn:soapfig:test:ledger', 'Session', ['id' => 'S-' . $this->user]));
        }
        return 'stamped: ' . $text . ' by ' . ($this->user ?? 'nobody');
    }

    /** Echoes both values as the types PHP decoded them to (by xsi:type, through the
     * classmap), naming those types in `seen`. */
    public function Open($open)
    {
        $as_read = function ($v) {
            $class = get_class($v);
            // The declared types go back without xsi:type; derived ones with it.
            return in_array($class, ['Party', 'Amount']) ? $v : new SoapVar($v, SOAP_ENC_OBJECT, $class, 'urn:soapfig:test:ledger');
        };
        $answer = [
            'account' => $as_read($open->account),
            'owner' => $as_read($open->owner),
            'seen' => get_class($open->account) . ',' . get_class($open->owner),
        ];
        if (isset($open->limit)) {
            // Simple content reaches PHP as an object whose `_` is the value.
            $answer['limit'] = $as_read($open->limit);
            $answer['seen'] .= ',' . get_class($open->limit) . ':' . $open->limit->_;
        }
        return $answer;
    }

    public function ListNotes()
    {
        global $server;
        if ($this->user !== null) {
            $server->addSoapHeader(new SoapHeader('urn:soapfig:test:ledger', 'Session', ['id' => 'S-' . $this->user]));
        }
        if ($this->user === 'strict') {
            // A block the WSDL does not declare, which the receiver must understand.
            $server->addSoapHeader(new SoapHeader('urn:x', 'Unknown', 'x', true));
        }
        $path = getenv('SOAPFIG_STATE');
        $lines = is_file($path) ? file($path, FILE_IGNORE_NEW_LINES) : [];
        // xs:anyType content written as it stands, with an xsi:type and an attribute of its own.
        $meta = new SoapVar('<ns1:meta xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xsi:type="xsd:anyType" kind="summary">' . count($lines) . ' note(s) <x:by xmlns:x="urn:x" x:who="php">ledger &amp; co</x:by></ns1:meta>', XSD_ANYXML);
        return ['text' => $lines, 'meta' => $meta];
    }
}

class Savings {}
class Checking {}
class Party {}
class Company {}
class Amount {}
class CappedAmount {}

$server = new SoapServer(getenv('SOAPFIG_WSDL'), [
    'cache_wsdl' => WSDL_CACHE_NONE,
    'classmap' => ['Savings' => 'Savings', 'Checking' => 'Checking', 'Party' => 'Party', 'Company' => 'Company', 'Amount' => 'Amount', 'CappedAmount' => 'CappedAmount'],
]);
$server->setClass('Ledger');
$server->handle();
