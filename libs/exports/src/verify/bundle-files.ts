/** The files of a bundle that the verifier reads for more than their hash. */
export const MANIFEST_FILE = 'manifest.json';
export const TRANSACTIONS_FILE = 'transactions.csv';
export const ARCOS_FILE = 'arcos.txt';
