import * as z from 'zod';
import { defineCommand } from '../src/dispatch/command.js';
import { buildout } from './project/buildout.js';
import { cluster } from './project/cluster.js';
import { cost } from './project/cost.js';
import { growth } from './project/growth.js';

/**
 * Quick projections from the episode's figures. Every assumption is listed first, names its
 * origin, and can be changed with an option; ranges show low, central and high. One file per
 * subcommand in project/, presets as data in facts/presets.yaml.
 */
export const project = defineCommand({
  name: 'project',
  description: { en: 'Quick projections from the episode: growth, GPU clusters, power-plant build-outs, cost', zh: '基于节目数据的快速推算：增长、GPU 集群、电站建设、电费' },
  options: z.object({}),
  subcommands: [growth, cluster, buildout, cost],
  examples: [
    { line: '/project growth preset=dc-share', description: { en: "The episode's 2.5% share doubling every 2–3 years", zh: '节目中 2.5% 占比每 2–3 年翻倍' } },
    { line: '/project growth start=45GW doubling=2-3 years=6', description: { en: 'Your own start and doubling time', zh: '自定起点与翻倍时间' } },
    { line: '/project cluster preset=h100-100k', description: { en: '100,000 H100s: power, energy, homes, cost', zh: '10 万块 H100：功率、电量、家庭数、电费' } },
    { line: '/project cluster gpus=20000 watts=1000 pue=1.3 days=90 price=0.08', description: { en: 'Your own cluster', zh: '自定集群' } },
    { line: '/project buildout load=45GW', description: { en: 'Plants to cover 45 GW', zh: '覆盖 45 GW 需要多少电站' } },
    { line: '/project cost load=1GW days=365 price=0.05', description: { en: '1 GW for a year at 5 cents a kWh', zh: '1 GW 运行一年，每千瓦时 5 美分' } },
  ],
});
