import { it } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph, partnerKind, type GraphLink } from './build-graph.ts';

const quito = { id: 'q', name: 'Quito', dpaCode: '1701' };
const link = (actionId: string, partner: GraphLink['partner'], role: string, gad = quito): GraphLink => ({ actionId, gad, partner, role });

it('builds GAD, partner, network and funder nodes with clickable links, and edges carrying their actions', () => {
  const lima = { id: 'lima', name: 'Lima', type: 'local_government', country: 'PE' };
  const ucci = { id: 'ucci', name: 'UCCI', type: 'city_network', country: 'ES' };
  const bid = { id: 'bid', name: 'BID', type: 'development_bank', country: null };
  const graph = buildGraph([
    link('a1', lima, 'counterpart'), link('a1', bid, 'funder'), link('a2', lima, 'counterpart'), link('a3', ucci, 'network'),
  ]);
  const kinds = Object.fromEntries(graph.nodes.map((n) => [n.id, n.kind]));
  assert.deepEqual(kinds, { 'gad:q': 'gad', 'partner:lima': 'partner', 'partner:bid': 'funder', 'partner:ucci': 'network' });
  assert.equal(graph.nodes.find((n) => n.id === 'gad:q')!.link, '/gads/1701');
  assert.equal(graph.nodes.find((n) => n.id === 'partner:lima')!.link, '/partners/lima');
  assert.deepEqual(graph.edges.find((e) => e.target === 'partner:lima'), { source: 'gad:q', target: 'partner:lima', kind: 'partner', roles: ['counterpart'], actionIds: ['a1', 'a2'] });
  assert.deepEqual(graph.edges.find((e) => e.kind === 'same_action'), { source: 'partner:bid', target: 'partner:lima', kind: 'same_action', roles: ['same_action'], actionIds: ['a1'] });
  assert.equal(partnerKind('ngo', ['funder']), 'funder');
  assert.equal(graph.truncated, false);
  assert.equal(buildGraph([link('a1', lima, 'counterpart'), link('a3', ucci, 'network')], 2).truncated, true);
});
