# The service as a container image: docs/deploy.md explains how to run it (Docker, compose, Kubernetes).
#   docker build -t whatsapp-cloud-bot .
# Node.js 26 is the active LTS (since 2026-10-28; 24 is in maintenance). Both stages use the same image, so the
# native add-ons installed in each (msgpackr-extract under BullMQ) match. test/deploy/dockerfile.e2e-spec.ts
# checks the facts this file promises; test/e2e/production-install.e2e-spec.ts runs the runtime stage's recipe.

# --- build: every dependency, TypeScript compiled to dist/ ---
FROM node:26-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build

# --- runtime: production dependencies and dist/ only ---
FROM node:26-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# The npm cache would only make the image larger.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Meta's OpenAPI spec: the simulator and the local transport check outbound bodies against it (read at run time).
COPY spec ./spec
# The files stay owned by root: the service runs as the image's unprivileged `node` user and cannot change them.
USER node
EXPOSE 5000
# Slim images have no curl: node's fetch asks the liveness endpoint on the port the service listens on.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 5000) + '/health/live', { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself (a shell would swallow it), so shutdown drains in-flight work.
CMD ["node", "dist/main.js"]
