import { Command, Option } from 'commander';
import type { LoginReport } from '../../app/login/login.js';
import type { TargetKind } from '../../ecr/target.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';
import { readSettings } from '../settings.js';
import { awsOptions } from '../destination-flags.js';

const EXAMPLES = `
Examples:
  # an installer job: ECR login from the pod's role, for helm and container tools alike
  helm airgap login --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com
  helm airgap login --registry public.ecr.aws
  # only the password, for a pipe (as aws ecr get-login-password)
  helm airgap login --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com --print | skopeo login --username AWS --password-stdin ...
`;

interface LoginFlags {
  registry: string;
  type?: TargetKind;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  print?: boolean;
  dockerConfig?: string;
  registryConfig?: string;
}

export function loginCommand(host: RuntimeHost): Command {
  return new Command('login')
    .requiredOption('--registry <host>', 'ECR (ACCOUNT.dkr.ecr.REGION.amazonaws.com) or public.ecr.aws')
    .addOption(new Option('--type <kind>', 'registry kind (default: from the host name)').choices(['ecr', 'ecr-public']))
    .option('--region <region>', "AWS region (default: from the host name, else AWS_REGION, AWS_DEFAULT_REGION, the profile's)")
    .option('--profile <name>', 'AWS profile from ~/.aws/config (default: the SDK chain)')
    .option('--endpoint-url <url>', 'ECR API endpoint (VPC endpoint, FIPS)')
    .option('--print', 'print only the password on stdout (with -o json: the login as JSON, password included) and write no file')
    .option('--docker-config <file>', "docker's config.json to write (default: $DOCKER_CONFIG/config.json or ~/.docker/config.json)")
    .option('--registry-config <file>', "Helm's registry config to write (default: $HELM_REGISTRY_CONFIG, as helm registry login)")
    .addHelpText('after', EXAMPLES)
    .action(
      action(host, async (rt: Runtime, cmd: Command) => {
        const f = cmd.opts<LoginFlags>();
        const s = readSettings(rt.env);
        const { ecrLogin } = await import('../../app/login/login.js');
        const configFiles = f.print ? [] : [...new Set([f.dockerConfig ?? s.dockerConfig, f.registryConfig ?? s.helmRegistryConfig])];
        const login = await ecrLogin({ registry: f.registry, targetKind: f.type, aws: await awsOptions(f, rt.env, s.home), configFiles }, rt.ctx);
        // asked for on stdout: alone in a pipe, or as one JSON document with who, where and until when
        if (f.print && rt.globals.output === 'json') return rt.reporter.result({ ...login.report, password: login.password.reveal() }, () => '');
        if (f.print) return rt.reporter.raw(login.password.reveal() + '\n');
        rt.reporter.result(login.report, formatLogin);
      }),
    );
}

function formatLogin(r: LoginReport): string[] {
  return [`logged in to ${r.host} as ${r.username}; the token expires ${r.expiresAt} (in ${r.validForMinutes} min)`, ...r.files.map((f) => `wrote ${f}`)];
}
