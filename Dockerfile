# The API as one stateless container. `npm start` runs src/server.ts with tsx (no build step).
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# tsx is a runtime dependency; dev dependencies (drizzle-kit, vitest, ...) stay out of the image.
RUN npm ci --omit=dev && npm cache clean --force
COPY . .
USER node
EXPOSE 4000
# SIGTERM goes straight to node (no shell in between), so graceful shutdown works.
CMD ["node", "--import", "tsx", "src/server.ts"]
