export { BundleFault, type PassedCheck, type Verification, type VerificationSummary } from './verification';
export { verifyBundle, type VerifyOptions } from './verify-bundle';
export { ed25519PublicKey, verifyExport } from './verify-export';
export { extractZip } from './extract-zip';
