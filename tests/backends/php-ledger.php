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
        // xs:anyType content written as it stands.
        $meta = new SoapVar('<ns1:meta>' . count($lines) . ' note(s) <x:by xmlns:x="urn:x" x:who="php">ledger &amp; co</x:by></ns1:meta>', XSD_ANYXML);
        return ['text' => $lines, 'meta' => $meta];
    }
}

$server = new SoapServer(getenv('SOAPFIG_WSDL'), ['cache_wsdl' => WSDL_CACHE_NONE]);
$server->setClass('Ledger');
$server->handle();
