import { randomYamlDocument } from './fuzz/yaml-gen.js';
import { caseRng } from './fuzz/rng.js';
import { parseYamlDocuments } from './src/helm/values/yaml.js';
const c: Record<string, number> = {};
for (let i = 0; i < 2000; i++) { try { parseYamlDocuments(randomYamlDocument(caseRng(1, i)), 'd'); c.ok = (c.ok ?? 0) + 1; } catch (e) { const m = (e as Error).message.replace(/line \d+: /, '').slice(0, 70); c[m] = (c[m] ?? 0) + 1; } }
console.log(Object.entries(c).sort((a, b) => b[1] - a[1]).slice(0, 12));
