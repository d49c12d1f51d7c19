#!/usr/bin/env node
'use strict';
// The operator CLI (`npx tenantry …`): the TypeScript runs as under `npm start`, through
// scripts/register.js, without a build step.
require('../scripts/register.js');
require('../src/cli/main.ts');
