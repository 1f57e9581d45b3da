// Build into the repository's static/ folder, which the backend serves; in development, proxy
// every backend route to the running backend so the UI behaves exactly as it does when served.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Only `process.env` is needed here, not all of the Node type definitions.
declare const process: { env: Record<string, string | undefined> };

const backend = process.env.BACKEND_URL ?? "http://127.0.0.1:50505";

// Every route the backend serves besides the built UI itself.
const backendRoutes = ["/conversation", "/frontend_settings", "/history", "/.auth", "/healthz", "/favicon.ico"];

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "../static",
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        // Libraries change far less often than the app: separate chunks stay cached across
        // deployments (asset names carry a content hash).
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: "fluent", test: /node_modules[\\/](@fluentui|@griffel|@floating-ui|tabster|keyborg)/ },
            { name: "vendor", test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    host: "127.0.0.1",
    proxy: Object.fromEntries(backendRoutes.map((route) => [route, { target: backend, changeOrigin: true }])),
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    setupFiles: ["src/test/setup.ts"],
  },
});
