import { PORTONE_SANDBOX_CREDENTIALS, type PortOneSandboxCredentials } from '../../config-psp.js';

/**
 * What the PortOne V2 simulator accepts and answers with. They only ever unlock the local simulator: a real PortOne
 * store has its own, issued in its console. Defined beside the settings (config-psp.ts), which use them in sandbox mode.
 */
export type { PortOneSandboxCredentials };

export const PORTONE_SANDBOX: Readonly<PortOneSandboxCredentials> = PORTONE_SANDBOX_CREDENTIALS;
