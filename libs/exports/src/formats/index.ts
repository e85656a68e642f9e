export * from './csv';
export * from './arcos';
export { renderPdf, writePdf, type PdfDocumentModel, type PdfSection, type PdfTable } from './pdf-document';
export type { SignatureManifestation } from './display-values';
export type { FormRegistrant } from './dea-form-parts';
export { reconciliationDocument, type ReconciliationPdfMeta } from './reconciliation-pdf';
export { form41Document, FORM_41_ATTESTATION, type Form41Input } from './form-41-pdf';
export { form106Document, FORM_106_NOTE, type Form106Input } from './form-106-pdf';
