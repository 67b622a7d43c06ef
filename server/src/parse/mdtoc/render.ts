/**
 * gomarkdown html/renderer.go and html/esc.go for heading labels, and mdtoc's asText.
 *
 * Upstream names kept: RenderNode (renderNodes), EscapeHTML (escapeHTML), escLink, asText.
 */
import { AMP, DQUOTE, GT, LT } from './bytes.js';
import { goUnescapeString } from './goStd.js';
import type { INode } from './inline.js';

function escapeHTML(s: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c === AMP) rep = '&amp;';
    else if (c === LT) rep = '&lt;';
    else if (c === GT) rep = '&gt;';
    else if (c === DQUOTE) rep = '&quot;';
    if (rep) {
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return start === 0 ? s : out + s.slice(start);
}

function escLink(s: string): string {
  return escapeHTML(goUnescapeString(s));
}

export function renderNodes(nodes: INode[], parentIsLink = false): string {
  let out = '';
  for (const nd of nodes) {
    switch (nd.t) {
      case 'text':
        out += parentIsLink ? escLink(nd.lit) : escapeHTML(nd.lit);
        break;
      case 'code':
        out += '<code>' + escapeHTML(nd.lit) + '</code>';
        break;
      case 'html':
        out += nd.lit;
        break;
      case 'math':
        out += '<span class="math inline">\\(' + escapeHTML(nd.lit) + '\\)</span>';
        break;
      case 'hardbreak':
        out += '<br>\n';
        break;
      case 'emph':
        out += '<em>' + renderNodes(nd.kids) + '</em>';
        break;
      case 'strong':
        out += '<strong>' + renderNodes(nd.kids) + '</strong>';
        break;
      case 'del':
        out += '<del>' + renderNodes(nd.kids) + '</del>';
        break;
      case 'link': {
        let tag = '<a href="' + escLink(nd.dest) + '"';
        if (nd.title.length > 0) tag += ' title="' + escapeHTML(nd.title) + '"';
        out += tag + '>' + renderNodes(nd.kids, true) + '</a>';
        break;
      }
      case 'image':
        out += '<img src="' + escLink(nd.dest) + '" alt="' + renderNodes(nd.kids);
        if (nd.title !== null) out += '" title="' + escapeHTML(nd.title);
        out += '" />';
        break;
    }
  }
  return out;
}

/** mdtoc asText: the literals of the Text and Code nodes, in walk order. */
export function asText(nodes: INode[]): string {
  let out = '';
  for (const nd of nodes) {
    if (nd.t === 'text' || nd.t === 'code') out += nd.lit;
    else if ('kids' in nd) out += asText(nd.kids);
  }
  return out;
}
