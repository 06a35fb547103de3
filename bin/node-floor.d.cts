// Types of bin/node-floor.cjs, for the doctor (src/app/doctor/runtime.ts) and the tests.
export declare const RANGE: string;
export declare const TEXT: string;
export declare const INSTALL: string;
export declare function supported(version: string): boolean;
export declare function refuseUnsupported(args: string[]): void;
