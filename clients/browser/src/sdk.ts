/** The PSPs' browser scripts: the page's own global, or the script loaded now. */
export function loadSdk<T>(name: 'IMP' | 'PortOne', src: string): Promise<T> {
  const get = () => (window as unknown as Record<string, T | undefined>)[name];
  const found = get();
  if (found) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => {
      const loaded = get();
      return loaded ? resolve(loaded) : reject(new Error(`${src} did not define ${name}`));
    };
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(script);
  });
}

/** Phones and tablets get the PSP's redirect flow; others its window and its answer in the page. */
export const isMobile = (): boolean => /Mobi|Android|iPhone|iPad|iPod/i.test(navigator.userAgent);
