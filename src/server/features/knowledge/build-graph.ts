/**
 * The relationship graph (GAD ↔ partner ↔ network ↔ funder) as nodes and edges, kept pure.
 * The UI draws it with ECharts' graph series and force layout; no layout is computed here.
 */

export interface GraphLink {
  actionId: string;
  gad: { id: string; name: string; dpaCode: string };
  partner: { id: string; name: string; type: string; country: string | null };
  role: string;
}

export type NodeKind = 'gad' | 'partner' | 'network' | 'funder';
export interface GraphNode { id: string; kind: NodeKind; label: string; link: string; country?: string | null; actionCount: number }
export interface GraphEdge { source: string; target: string; kind: string; roles: string[]; actionIds: string[] }

const FUNDER_TYPES = ['development_bank', 'cooperation_agency'];

export function partnerKind(type: string, roles: string[]): NodeKind {
  if (type === 'city_network' || roles.includes('network')) return 'network';
  if (FUNDER_TYPES.includes(type) || roles.includes('funder')) return 'funder';
  return 'partner';
}

export function buildGraph(links: GraphLink[], maxNodes = 400) {
  const roles = new Map<string, Set<string>>();
  for (const l of links) roles.set(l.partner.id, (roles.get(l.partner.id) ?? new Set()).add(l.role));
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge & { actions: Set<string>; roleSet: Set<string> }>();
  const nodeActions = new Map<string, Set<string>>();
  const addNode = (node: Omit<GraphNode, 'actionCount'>, actionId: string) => {
    if (!nodes.has(node.id)) nodes.set(node.id, { ...node, actionCount: 0 });
    nodeActions.set(node.id, (nodeActions.get(node.id) ?? new Set()).add(actionId));
  };
  const addEdge = (source: string, target: string, kind: string, role: string, actionId: string) => {
    const key = `${source}|${target}`;
    const edge = edges.get(key) ?? { source, target, kind, roles: [], actionIds: [], actions: new Set(), roleSet: new Set() };
    edge.actions.add(actionId);
    edge.roleSet.add(role);
    edges.set(key, edge);
  };
  for (const l of links) {
    const gadId = `gad:${l.gad.id}`;
    const partnerId = `partner:${l.partner.id}`;
    const kind = partnerKind(l.partner.type, [...roles.get(l.partner.id)!]);
    addNode({ id: gadId, kind: 'gad', label: l.gad.name, link: `/gads/${l.gad.dpaCode}` }, l.actionId);
    addNode({ id: partnerId, kind, label: l.partner.name, link: `/partners/${l.partner.id}`, country: l.partner.country }, l.actionId);
    addEdge(gadId, partnerId, kind === 'gad' ? 'partner' : kind, l.role, l.actionId);
  }
  // Partners on the same action are linked too: a counterpart and the funder or network behind it.
  const byAction = new Map<string, GraphLink[]>();
  for (const l of links) byAction.set(l.actionId, [...(byAction.get(l.actionId) ?? []), l]);
  for (const [actionId, group] of byAction) {
    const partners = [...new Map(group.map((l) => [l.partner.id, l])).values()].sort((a, b) => a.partner.id.localeCompare(b.partner.id));
    for (let i = 0; i < partners.length; i++) {
      for (let j = i + 1; j < partners.length; j++) {
        addEdge(`partner:${partners[i]!.partner.id}`, `partner:${partners[j]!.partner.id}`, 'same_action', 'same_action', actionId);
      }
    }
  }
  for (const [id, actions] of nodeActions) nodes.get(id)!.actionCount = actions.size;
  const kept = [...nodes.values()].sort((a, b) => b.actionCount - a.actionCount || a.label.localeCompare(b.label)).slice(0, maxNodes);
  const keptIds = new Set(kept.map((n) => n.id));
  return {
    nodes: kept,
    edges: [...edges.values()].filter((e) => keptIds.has(e.source) && keptIds.has(e.target))
      .map(({ source, target, kind, actions, roleSet }) => ({ source, target, kind, roles: [...roleSet].sort(), actionIds: [...actions].sort() })),
    truncated: nodes.size > kept.length,
  };
}
