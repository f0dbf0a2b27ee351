import type { Config } from '../config.js';
import { Invalid } from '../errors.js';
import type { Provider } from '../settlement/model.js';
import type { PaymentProvider, Providers } from '../settlement/provider.js';
import { IamportClient, type IamportClientOptions } from './iamport/client.js';
import { IamportProvider } from './iamport/provider.js';
import { PortOneClient } from './portone/client.js';
import { PortOneProvider } from './portone/provider.js';

const NEEDS: Record<Provider, string> = {
  iamport: 'IAMPORT_API_KEY and IAMPORT_API_SECRET',
  portone: 'PORTONE_API_SECRET and PORTONE_WEBHOOK_SECRET',
};

/** Each PSP call is counted and timed (business metrics). */
export type CallHooks = Pick<IamportClientOptions, 'onCall' | 'onAnswer'>;

/** The adapters of the PSP APIs this instance is configured for, and what closes their connections. */
export class ProviderRegistry implements Providers {
  private constructor(
    private readonly adapters: Partial<Record<Provider, PaymentProvider>>,
    readonly close: () => Promise<void>,
  ) {}

  static fromConfig(config: Config, hooks: CallHooks): ProviderRegistry {
    const adapters: Partial<Record<Provider, PaymentProvider>> = {};
    const closing: Array<() => Promise<void>> = [];
    if (config.iamport) {
      const client = new IamportClient({ ...config.iamport, ...hooks });
      adapters.iamport = new IamportProvider(client);
      closing.push(() => client.close());
    }
    if (config.portone) {
      const client = new PortOneClient({ ...config.portone, ...hooks });
      adapters.portone = new PortOneProvider(client);
      closing.push(() => client.close());
    }
    return new ProviderRegistry(adapters, async () => void (await Promise.all(closing.map((close) => close()))));
  }

  /** The adapter, or a 400 naming the settings a provider this instance was not given needs. */
  of(provider: Provider): PaymentProvider {
    const adapter = this.adapters[provider];
    if (!adapter) throw new Invalid(`provider ${provider} is not configured on this instance: set ${NEEDS[provider]}`);
    return adapter;
  }

  configured(): PaymentProvider[] {
    return Object.values(this.adapters);
  }
}
