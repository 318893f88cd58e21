# syntax=docker/dockerfile:1
# The bot's image: `docker build -t incident-bot .` (docs/operations.md#deploying).
# Two stages: the build stage installs everything and compiles TypeScript to dist/ (npm ci's postinstall
# runs `npm run generate && npm run build`; Prisma's client is generated offline, with no engine to
# download); the final stage holds only what `node dist/main.js` loads.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY prisma ./prisma
COPY src ./src
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# No dev dependencies and no install scripts (they would rebuild). Optional ones are left out too: they
# are the embedded Postgres's and esbuild's platform binaries (about 70 MB), which the image never runs —
# in a container the database is always DATABASE_URL.
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund && npm cache clean --force
# dist/ includes the generated Prisma client (src/generated is compiled with the rest); the migration
# runner reads prisma/migrations at start (src/db/migrate.ts).
COPY --from=build /app/dist ./dist
COPY prisma/migrations ./prisma/migrations
# The policy file is the operator's: mount it here, or point INCIDENT_CONFIG elsewhere.
# Nothing is written to disk, so the root filesystem can be mounted read-only.
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `npm start` runs, without npm in between: signals reach node itself, which shuts down cleanly.
CMD ["node", "--min-semi-space-size=8", "dist/main.js"]
