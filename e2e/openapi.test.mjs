// The OpenAPI document, checked by an independent validator (swagger-parser).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import SwaggerParser from '@apidevtools/swagger-parser';
import { BASE } from './lib.mjs';

test('the OpenAPI document served at /api/v1/openapi.json is valid OpenAPI 3', async () => {
  const response = await fetch(BASE + '/api/v1/openapi.json');
  assert.equal(response.status, 200);
  const doc = await response.json();
  assert.match(doc.openapi, /^3\./);
  const api = await SwaggerParser.validate(doc);
  assert.equal(api.info.title, 'stip API');
});
