<?php
// An ASMX-style service answering a .NET DataSet, on PHP's SoapServer: `php -S 127.0.0.1:PORT
// php-dataset.php`, SOAPFIG_WSDL naming bug 30106's WSDL of PHP's tests (a `ref="s:schema"`
// followed by `s:any`). The answer is shaped as .NET writes a DataSet: the inline schema of its
// tables, then the rows as a diffgram. The rows depend on the request, so a facade that did not
// pass it on cannot produce them.

function getContinentList($request)
{
    $rows = '';
    $names = ['AF' => 'Africa', 'EU' => 'Europe & "Asia"'];
    $order = 0;
    foreach ($names as $code => $name) {
        $rows .= sprintf(
            '<Table diffgr:id="Table%d" msdata:rowOrder="%d"><CODE>%s</CODE><NAME>%s</NAME>'
                . '<AFFILIATE>%d</AFFILIATE></Table>',
            $order + 1, $order, $code, htmlspecialchars($name, ENT_XML1), $request->AFFILIATE_ID
        );
        $order++;
    }
    $schema = '<xs:schema id="NewDataSet" xmlns="" xmlns:xs="http://www.w3.org/2001/XMLSchema"'
        . ' xmlns:msdata="urn:schemas-microsoft-com:xml-msdata">'
        . '<xs:element name="NewDataSet" msdata:IsDataSet="true"><xs:complexType>'
        . '<xs:choice minOccurs="0" maxOccurs="unbounded"><xs:element name="Table"><xs:complexType>'
        . '<xs:sequence><xs:element name="CODE" type="xs:string" minOccurs="0"/>'
        . '<xs:element name="NAME" type="xs:string" minOccurs="0"/>'
        . '<xs:element name="AFFILIATE" type="xs:int" minOccurs="0"/></xs:sequence>'
        . '</xs:complexType></xs:element></xs:choice></xs:complexType></xs:element></xs:schema>';
    $diffgram = '<diffgr:diffgram xmlns:msdata="urn:schemas-microsoft-com:xml-msdata"'
        . ' xmlns:diffgr="urn:schemas-microsoft-com:xml-diffgram-v1">'
        . '<NewDataSet xmlns="">' . $rows . '</NewDataSet></diffgr:diffgram>';
    return ['getContinentListResult' => ['schema' => $schema, 'any' => $diffgram]];
}

$server = new SoapServer(getenv('SOAPFIG_WSDL'), ['cache_wsdl' => WSDL_CACHE_NONE]);
$server->addFunction('getContinentList');
$server->handle();
