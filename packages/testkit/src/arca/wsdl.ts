/*
 * The WSDL documents `GET ?WSDL` serves: WSAA's `loginCms` and WSFEv1's operations, with SOAP 1.1
 * and 1.2 bindings (document/literal), so WSDL-driven clients can build themselves against the
 * emulator. Types are kept loose (xs:anyType payloads): the emulator validates requests itself.
 */

const FE_OPERATIONS = [
  'FEDummy',
  'FECompUltimoAutorizado',
  'FECAESolicitar',
  'FECompConsultar',
  'FECompTotXRequest',
  'FEParamGetTiposCbte',
  'FEParamGetTiposIva',
  'FEParamGetTiposDoc',
  'FEParamGetTiposConcepto',
  'FEParamGetTiposMonedas',
  'FEParamGetTiposTributos',
  'FEParamGetPtosVenta',
  'FEParamGetCondicionIvaReceptor',
] as const;

const wsdl = (input: { ns: string; service: string; location: string; operations: readonly string[]; action: (op: string) => string }) => {
  const messages = input.operations
    .map(
      (op) =>
        `<wsdl:message name="${op}SoapIn"><wsdl:part name="parameters" element="tns:${op}"/></wsdl:message><wsdl:message name="${op}SoapOut"><wsdl:part name="parameters" element="tns:${op}Response"/></wsdl:message>`,
    )
    .join('');
  const elements = input.operations
    .map(
      (op) =>
        `<s:element name="${op}"><s:complexType><s:sequence><s:any minOccurs="0" maxOccurs="unbounded" processContents="lax"/></s:sequence></s:complexType></s:element><s:element name="${op}Response"><s:complexType><s:sequence><s:any minOccurs="0" maxOccurs="unbounded" processContents="lax"/></s:sequence></s:complexType></s:element>`,
    )
    .join('');
  const portOps = input.operations
    .map(
      (op) =>
        `<wsdl:operation name="${op}"><wsdl:input message="tns:${op}SoapIn"/><wsdl:output message="tns:${op}SoapOut"/></wsdl:operation>`,
    )
    .join('');
  const binding = (prefix: 'soap' | 'soap12') =>
    input.operations
      .map(
        (op) =>
          `<wsdl:operation name="${op}"><${prefix}:operation soapAction="${input.action(op)}" style="document"/><wsdl:input><${prefix}:body use="literal"/></wsdl:input><wsdl:output><${prefix}:body use="literal"/></wsdl:output></wsdl:operation>`,
      )
      .join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:tns="${input.ns}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" targetNamespace="${input.ns}">
<wsdl:types><s:schema elementFormDefault="qualified" targetNamespace="${input.ns}">${elements}</s:schema></wsdl:types>
${messages}
<wsdl:portType name="${input.service}Soap">${portOps}</wsdl:portType>
<wsdl:binding name="${input.service}Soap" type="tns:${input.service}Soap"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>${binding('soap')}</wsdl:binding>
<wsdl:binding name="${input.service}Soap12" type="tns:${input.service}Soap"><soap12:binding transport="http://schemas.xmlsoap.org/soap/http"/>${binding('soap12')}</wsdl:binding>
<wsdl:service name="${input.service}"><wsdl:port name="${input.service}Soap" binding="tns:${input.service}Soap"><soap:address location="${input.location}"/></wsdl:port><wsdl:port name="${input.service}Soap12" binding="tns:${input.service}Soap12"><soap12:address location="${input.location}"/></wsdl:port></wsdl:service>
</wsdl:definitions>`;
};

export const wsfeWsdl = (location: string): string =>
  wsdl({
    ns: 'http://ar.gov.afip.dif.FEV1/',
    service: 'Service',
    location,
    operations: FE_OPERATIONS,
    action: (op) => `http://ar.gov.afip.dif.FEV1/${op}`,
  });

export const wsaaWsdl = (location: string): string =>
  wsdl({
    ns: 'http://wsaa.view.sua.dvadac.desein.afip.gov',
    service: 'LoginCMSService',
    location,
    operations: ['loginCms'],
    action: () => '',
  });
