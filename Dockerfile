# The API as one stateless container, running the compiled build (`npm run build`: src/ -> dist/),
# as `npm start` does.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci && npm cache clean --force
COPY . .
RUN npm run build

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# tsx stays a runtime dependency for the admin CLIs (npm run db:migrate, token, ...); dev dependencies
# (typescript, drizzle-kit, vitest, ...) stay out of the image.
RUN npm ci --omit=dev && npm cache clean --force
COPY . .
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4000
# SIGTERM goes straight to node (no shell in between), so graceful shutdown works.
CMD ["node", "dist/server.js"]
