#!/usr/bin/env node
console.error("userbridge-schema-engine: not built yet");
process.exit(1);
