// One repository value read two ways by the same chart: joined after a registry value
// (`{{ if .registry }}{{ .registry }}/{{ end }}{{ .repository }}:{{ .tag }}`) and, behind a switch,
// alone as a whole reference (trino's image.useRepositoryAsSoleImageReference). Written part by
// part, the first reading wants the target host in the registry and the path in the repository,
// the second the whole target in the same repository: one of them pulls from outside.
import type { PinSite } from './digest-pins.js';

/**
 * Where every site of such a group names the same image, an empty registry and the whole target
 * path in the repository route both readings. The registry must belong to the group alone (a
 * shared global registry emptied would strand the other images); a template that cannot take an
 * empty registry shows in the re-render proof, as any other wrong guess does.
 */
export function routeSoleRepository(planned: readonly PinSite[]): void {
  const full = (p: PinSite) => `${p.to.registry}/${p.to.repository}`;
  const partAt = (p: PinSite, path: string) => p.s.valuesParts?.find((q) => q.path === path)?.part;
  for (const alone of planned) {
    if (alone.names.length !== 1) continue;
    const [repo, whole] = alone.names[0]!;
    if (whole !== full(alone)) continue;
    const joined = planned.filter((p) => p !== alone && p.names.some(([path, v]) => path === repo && v !== whole));
    const registries = new Set(joined.flatMap((p) => p.names.filter(([path]) => partAt(p, path) === 'registry').map(([path]) => path)));
    if (joined.length === 0 || registries.size !== 1) continue;
    const reg = [...registries][0]!;
    const split = (p: PinSite): boolean => {
      const v = new Map(p.names);
      return p.names.length === 2 && full(p) === whole && `${v.get(reg)}/${v.get(repo)}` === whole;
    };
    const group = planned.filter((p) => p.names.some(([path]) => path === reg || path === repo));
    if (!joined.every(split) || !group.every((p) => joined.includes(p) || (p.names.length === 1 && p.names[0]![1] === whole && p.names[0]![0] === repo)))
      continue;
    for (const p of joined)
      p.names = [
        [reg, ''],
        [repo, whole],
      ];
  }
}
