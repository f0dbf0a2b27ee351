import { readdir, readFile } from 'node:fs/promises';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { NotFound } from '../errors.js';

const PUBLIC_DIR = new URL('../../public/console/', import.meta.url);
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };

/**
 * The console's own policy (the app's helmet has CSP off for the API docs): its scripts and styles from this origin
 * only, no inline script or style, no eval, no frames, no form posts; it talks to this origin only.
 */
const STRICT_CSP: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      connectSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
};

async function readAssets(): Promise<Map<string, { type: string; body: string }>> {
  const assets = new Map<string, { type: string; body: string }>();
  for (const name of await readdir(PUBLIC_DIR)) {
    const type = TYPES[name.slice(name.lastIndexOf('.'))];
    if (type) assets.set(name, { type, body: await readFile(new URL(name, PUBLIC_DIR), 'utf8') });
  }
  return assets;
}

/**
 * The operator's console at /console: a static page, served to anyone, that holds no data. It asks for an API key,
 * keeps it in the tab's sessionStorage and calls the internal API with it as a Bearer header (no cookie, so no CSRF).
 */
export const consolePageRoutes: FastifyPluginAsyncZod = async (app) => {
  const page = await readFile(new URL('index.html', PUBLIC_DIR), 'utf8');
  const assets = await readAssets();
  const common = { tags: ['console'], security: [], hide: true };

  app.get(
    '/console',
    { helmet: STRICT_CSP, schema: { ...common, operationId: 'getConsolePage', summary: "the operator's console (HTML)" } },
    async (_request, reply) => reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(page),
  );

  app.get(
    '/console/:file',
    {
      helmet: STRICT_CSP,
      schema: { ...common, operationId: 'getConsoleAsset', summary: "the console's scripts and styles", params: z.object({ file: z.string().max(100) }) },
    },
    async (request, reply) => {
      const asset = assets.get(request.params.file);
      if (!asset) throw new NotFound(`no console file ${request.params.file}`);
      return reply.header('cache-control', 'no-cache').type(asset.type).send(asset.body);
    },
  );
};
