# Wattson as a container: the same steps as on a machine (npm ci builds, node dist/app/main.js runs).
# Build: docker build -t wattson .   Run one process: docker run --env-file .env -v wattson-data:/app/data wattson
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source where no prebuilt binary fits the platform.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY . .
# npm ci runs `prepare`, which is `npm run build`; the dev tools go once it has.
RUN npm ci && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The fact files beside the built snapshot: the snapshot is checked against them at start.
COPY --from=build /app/facts ./facts
# WATTSON_DB's default, data/wattson.db, for the one-process SQLite mode; a volume keeps it.
RUN mkdir -p data && chown node:node data
VOLUME /app/data
USER node
EXPOSE 3000
CMD ["node", "dist/app/main.js"]
