# One image for every process (api, worker, migrate, cli); the command picks the process.
# Node 22 LTS: Node 20 reached end of life on 2026-04-30; the suite passes on both (README, "Run it for real").
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY bin ./bin
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY migrations ./migrations
COPY scripts ./scripts
# Production dependencies only, then what Linux x64 never loads (README, "The image": 636 MB → 210 MB).
RUN npm ci --no-audit --no-fund && npm prune --omit=dev && sh scripts/prune-image-modules.sh node_modules

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY migrations ./migrations
COPY scripts ./scripts
COPY config ./config
# The built-in model's data (lexicons): `stancewatch demo` and NLI_MODEL=builtin generate the model from it.
COPY libs/nlp/data ./libs/nlp/data
RUN mkdir -p /app/.cache/models && chown -R node:node /app/.cache
USER node
EXPOSE 3000
# The default process is the API: alive when /healthz answers on PORT. A worker container checks its
# own WORKER_HTTP_PORT instead (docker-compose.yml); Kubernetes ignores this and uses the probes.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
