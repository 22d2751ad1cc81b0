# Sightline server image (used by docker-compose.yml).
FROM node:20-bookworm-slim
ENV NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
RUN npm i -g pnpm@10.34.9
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build
ENV NODE_ENV=production
EXPOSE 3000 4318
CMD ["pnpm", "--filter", "@sightline/web", "start"]
