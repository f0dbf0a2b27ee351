/**
 * What the PortOne V2 simulator accepts and answers with. They only ever unlock the local simulator: a real PortOne
 * store has its own, issued in its console.
 */
export interface PortOneSandboxCredentials {
  /** the V2 API secret, sent as `Authorization: PortOne <apiSecret>` */
  apiSecret: string;
  storeId: string;
  merchantId: string;
  /** a channel of type LIVE: its payments move real money on a real PortOne */
  liveChannelKey: string;
  /** a channel of type TEST: its payments are test payments (`channel.type: TEST`) */
  testChannelKey: string;
  /** the Standard Webhooks secret the simulator signs its webhooks with */
  webhookSecret: string;
}

export const PORTONE_SANDBOX: Readonly<PortOneSandboxCredentials> = Object.freeze({
  apiSecret: 'sandbox_portone_api_secret',
  storeId: 'store-00000000-0000-4000-8000-000000000000',
  merchantId: 'merchant-00000000-0000-4000-8000-000000000000',
  liveChannelKey: 'channel-key-00000000-0000-4000-8000-00000000001e',
  testChannelKey: 'channel-key-00000000-0000-4000-8000-00000000007e',
  webhookSecret: 'whsec_cGF5bWVudC12ZXJpZmllciBwb3J0b25lIHNhbmRib3ggc2VjcmV0',
});
