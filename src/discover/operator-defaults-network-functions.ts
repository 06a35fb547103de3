// Operator defaults (operator-defaults.ts) of the operators that run telecom network functions:
// Gradiant's Open5GS operator (a 5G core per Open5GS resource). Each entry as read from the
// operator's source.
import type { OperatorEntry } from './operator-defaults-model.js';

const CONTROLLER = 'internal/controller/open5gs_controller.go';

export const NETWORK_FUNCTION_OPERATORS: readonly OperatorEntry[] = [
  {
    // every network function of an Open5GS resource (AMF ... UPF, and the UPF's tun-create init
    // container) runs spec.open5gsImage and its MongoDB spec.mongoDBVersion (on unless
    // spec.mongoDB.enabled is false), both filled by setDefaultValues when empty; the WebUI
    // (spec.webuiImage, its init container MongoDB's image) only where spec.webui.enabled is true,
    // off by default. The chart renders no Open5GS: the user applies them
    operator: 'Open5GS Operator (Gradiant)',
    repository: 'github.com/Gradiant/open5gs-operator',
    images: ['docker.io/gradiant/open5gs-operator'],
    resources: [{ group: 'net.gradiant.org', kind: 'Open5GS' }],
    releases: [
      {
        versions: '1.0.7',
        read: '60615254aafb52d9491a7def867ab5e2f56afcc4',
        defaults: [
          { image: 'docker.io/gradiant/open5gs:2.7.5', at: `${CONTROLLER}:1311`, kind: 'Open5GS', unless: { field: 'spec.open5gsImage' } },
          { image: 'docker.io/bitnami/mongodb:latest', at: `${CONTROLLER}:1317`, kind: 'Open5GS', unless: { field: 'spec.mongoDBVersion' } },
          {
            image: 'docker.io/gradiant/open5gs-webui:2.7.5',
            at: `${CONTROLLER}:1314`,
            kind: 'Open5GS',
            when: 'spec.webui.enabled',
            unless: { field: 'spec.webuiImage' },
          },
        ],
      },
    ],
  },
];
