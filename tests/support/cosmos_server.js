// Starts the Cosmos DB-compatible test server (npm @vercel/cosmosdb-server) over HTTPS on
// loopback with a certificate from the tests' private CA (its bundled one is expired and names
// no localhost). Usage: node cosmos_server.js CERT_PEM KEY_PEM PORT READY_FILE
// PORT 0 picks a free port; the chosen one is written to READY_FILE as {"port": N}.
"use strict";

const fs = require("fs");
const path = require("path");

const [certPath, keyPath, portText, readyFile] = process.argv.slice(2);
if (!certPath || !keyPath || portText === undefined || !readyFile) {
  console.error("usage: node cosmos_server.js CERT_PEM KEY_PEM PORT READY_FILE");
  process.exit(2);
}

const installed = path.resolve(
  __dirname, "..", "..", ".local", "cosmosdb-server", "node_modules", "@vercel", "cosmosdb-server"
);
if (!fs.existsSync(installed)) {
  console.error(`The Cosmos DB test server is not installed at ${installed}; ` +
    "run scripts/tools/cosmosdb-server.sh");
  process.exit(1);
}

const { createHttpsServer } = require(installed);
const server = createHttpsServer({
  cert: fs.readFileSync(certPath),
  key: fs.readFileSync(keyPath),
});
server.on("error", (err) => {
  console.error(`cosmos test server failed: ${err.message}`);
  process.exit(1);
});
server.listen(Number(portText), "127.0.0.1", () => {
  const { port } = server.address();
  // Written atomically so a reader never sees half a file.
  fs.writeFileSync(`${readyFile}.tmp`, JSON.stringify({ port }));
  fs.renameSync(`${readyFile}.tmp`, readyFile);
  console.log(`cosmos test server listening on https://127.0.0.1:${port}`);
});

// Stop at once: tests stop the server to see how the app copes with a store that went away.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => process.exit(0));
}
