/** The part of i'mport's browser SDK (iamport.js, V1) the kit uses (reference: Browser side). */
export interface ImpResponse {
  success?: boolean;
  imp_uid?: string | null;
  merchant_uid?: string;
  error_code?: string | null;
  error_msg?: string | null;
}
export interface Imp {
  init(merchantCode: string): void;
  request_pay(params: Record<string, unknown>, callback: (response: ImpResponse) => void): void;
}

declare global {
  interface Window {
    IMP?: Imp;
  }
}

export const IAMPORT_SDK = 'https://cdn.iamport.kr/v1/iamport.js';

/** The page's IMP, or i'mport's script loaded now. */
export function loadImp(src = IAMPORT_SDK): Promise<Imp> {
  if (window.IMP) return Promise.resolve(window.IMP);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => (window.IMP ? resolve(window.IMP) : reject(new Error(`${src} did not define IMP`)));
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(script);
  });
}

/** Phones and tablets get i'mport's redirect flow (m_redirect_url); others its window and callback. */
export const isMobile = (): boolean => /Mobi|Android|iPhone|iPad|iPod/i.test(navigator.userAgent);
