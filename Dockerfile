# wa-ticketing image. test/deploy/image-layout.test.ts rebuilds this layout without Docker and runs it:
# a RUN step it does not know makes that test fail until it is taught the step.

# Build stage: every dependency (better-sqlite3 compiles here when no prebuilt binary fits), the
# TypeScript compiled to dist/, then the dev dependencies (tsx, typescript, jest…) dropped.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src src
COPY migrations migrations
COPY seeds seeds
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Runtime: compiled code and production dependencies only, owned by root, so the service (user
# `node`) can read /app but not change it. Everything it writes goes to /var/lib/wa-ticketing,
# a volume created owned by `node` (a named volume copies that ownership on first use).
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PATH=/app/bin:$PATH \
    DATABASE_URL=sqlite:/var/lib/wa-ticketing/wa-ticketing.db \
    MEDIA_DIR=/var/lib/wa-ticketing/media
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
COPY bin bin
COPY public public
RUN mkdir -p /var/lib/wa-ticketing/media && chown -R node:node /var/lib/wa-ticketing
VOLUME /var/lib/wa-ticketing
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["wa-ticketing", "serve"]
