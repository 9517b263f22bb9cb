// A static app: relative paths, so the built folder opens from any place it is copied to.
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  build: { outDir: "dist", target: "es2022", chunkSizeWarningLimit: 2000 },
});
