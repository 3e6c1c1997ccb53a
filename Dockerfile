# mj-proxy in a container:
#   docker build -t mj-proxy .
#   docker run -p 8080:8080 -v mj-data:/app/data -e MJ_SERVER_API_SECRET=... mj-proxy
# Configuration comes from MJ_* variables, or a file mounted at /app/config.yaml (or MJ_CONFIG).
# Tasks (SQLite by default) and served images live in the /app/data volume.

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
# Compilers for native addons (better-sqlite3) when no prebuilt binary fits the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
# Lifecycle scripts wait for the sources (a `prepare` build needs them); the native addons build now.
RUN npm ci --ignore-scripts --loglevel=warn \
 && npm rebuild better-sqlite3 sharp --loglevel=warn
COPY . .
# The project's build step when it has one (dist/main.js, then production dependencies only);
# without one the image runs the TypeScript sources through tsx.
RUN npm run build --if-present --loglevel=warn \
 && if [ -f dist/main.js ]; then npm prune --omit=dev --ignore-scripts --loglevel=warn; fi

FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
# The code stays root's and read-only; only the data volume belongs to the unprivileged user.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.MJ_SERVER_PORT || 8080) + '/mj/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# exec: node is the container's main process and gets SIGTERM itself (a graceful stop).
CMD ["sh", "-c", "if [ -f dist/main.js ]; then exec node dist/main.js; else exec node --import tsx src/main.ts; fi"]
