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
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

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
RUN mkdir -p /app/.cache/models && chown -R node:node /app/.cache
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
