import { escapeXml } from '../text/xml.js';
import { load, type Patch } from './dependencies.js';

/** The document facts that the XMP packet repeats from the Info dictionary (PDF/A needs the two to agree). */
export interface XmpInfo {
  Title?: string;
  Author?: string;
  Subject?: string;
  Keywords?: string;
  Creator?: string;
  Producer?: string;
  CreationDate: Date;
  ModDate?: Date;
}

const xmpDate = (date: Date) => `${date.toISOString().split('.')[0]}Z`;

function element(name: string, value: string | undefined, wrap?: 'Alt' | 'Seq' | 'Bag'): string {
  if (value === undefined || value === '') return '';
  const text = escapeXml(value);
  if (!wrap) return `<${name}>${text}</${name}>`;
  const item = wrap === 'Alt' ? `<rdf:li xml:lang="x-default">${text}</rdf:li>` : `<rdf:li>${text}</rdf:li>`;
  return `<${name}><rdf:${wrap}>${item}</rdf:${wrap}></${name}>`;
}

/**
 * The XMP descriptions of the document's info, XML-escaped (pdfkit writes them unescaped, so a title with
 * "&" would make the packet unreadable) and with xmp:ModifyDate and dc:language, which pdfkit leaves out.
 */
export function xmpDescriptions(info: XmpInfo, language: string | undefined, universalAccess = false): string {
  const modified = info.ModDate ?? info.CreationDate;
  return [
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    element('xmp:CreateDate', xmpDate(info.CreationDate)),
    element('xmp:ModifyDate', xmpDate(modified)),
    element('xmp:MetadataDate', xmpDate(modified)),
    element('xmp:CreatorTool', info.Creator),
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<dc:format>application/pdf</dc:format>',
    element('dc:title', info.Title, 'Alt'),
    element('dc:creator', info.Author, 'Seq'),
    element('dc:description', info.Subject, 'Alt'),
    element('dc:language', language, 'Bag'),
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    element('pdf:Producer', info.Producer),
    element('pdf:Keywords', info.Keywords),
    '</rdf:Description>',
    ...(universalAccess ? ['<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">', '<pdfuaid:part>1</pdfuaid:part>', '</rdf:Description>'] : []),
  ]
    .filter((line) => line !== '')
    .join('\n');
}

interface PdfKitDocument {
  info: XmpInfo;
  options: { lang?: string };
  appendXML(xml: string): void;
  _addInfo(): void;
  _uprUniversalAccess?: boolean;
}

/** Makes the XMP of a document not yet ended say PDF/UA-1 (pdfuaid:part 1): only once its tagging has passed its checks. */
export function claimUniversalAccess(doc: object): void {
  (doc as PdfKitDocument)._uprUniversalAccess = true;
}

/** pdfkit 0.19 writes the XMP info unescaped and without the modification date and language, and cannot say PDF/A and PDF/UA at once: write it ourselves. */
export const xmpInfo: Patch = {
  name: 'xmp-info',
  install() {
    const { prototype } = load<{ prototype: PdfKitDocument }>('pdfkit');
    const addInfo = prototype._addInfo;
    prototype._addInfo = function (this: PdfKitDocument) {
      this.appendXML(xmpDescriptions(this.info, this.options.lang, this._uprUniversalAccess === true));
    };
    return () => {
      prototype._addInfo = addInfo;
    };
  },
};
