// What a screen reader would announce in a frame: Chromium's own accessibility tree (over the
// DevTools protocol, not the DOM), walked for live regions that hold text.

/** Each live region in the frame whose URL contains `urlPart`, with its politeness and its text. */
export async function liveRegions(page, urlPart) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Accessibility.enable');
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const frames = [];
    const walk = (tree) => { frames.push(tree.frame); (tree.childFrames || []).forEach(walk); };
    walk(frameTree);
    const frame = frames.find((f) => f.url.includes(urlPart));
    if (!frame) throw new Error(`no frame at ${urlPart} in ${frames.map((f) => f.url).join(', ')}`);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree', { frameId: frame.id });
    const byId = new Map(nodes.map((n) => [n.nodeId, n]));
    const prop = (node, name) => node.properties?.find((p) => p.name === name)?.value?.value;
    const text = (node) => {
      if (node.ignored) return '';
      if (node.role?.value === 'StaticText') return node.name?.value ?? '';
      return (node.childIds || []).map((id) => byId.get(id)).filter(Boolean).map(text).join('');
    };
    return nodes
      .filter((n) => !n.ignored && ['polite', 'assertive'].includes(prop(n, 'live')))
      .map((n) => ({ role: n.role?.value, live: prop(n, 'live'), text: text(n).trim() }))
      .filter((r) => r.text);
  } finally {
    await cdp.detach();
  }
}
