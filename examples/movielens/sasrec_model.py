"""SASRec-style causal transformer shared by train_sasrec.py and make_planted.py.

Hand-written attention (no nn.MultiheadAttention) so that the softmax weights
of every block can be returned as outputs of the exported ONNX graph.
"""

import math

import torch
from torch import nn
from torch.nn import functional as F

NEG = -1e9  # score of the padding item and value of masked attention logits


def linear(layer, x, fast):
    """layer(x) for x [b, l, d]. fast: the same product as a 1x1 convolution, which
    runs on oneDNN (several times faster than the generic BLAS that Debian's torch
    uses); the exported graph uses the plain form."""
    if not fast:
        return layer(x)
    y = F.conv1d(x.transpose(1, 2), layer.weight[:, :, None], layer.bias)
    return y.transpose(1, 2)


class Block(nn.Module):
    """Pre-LN transformer block: x + Attn(LN(x)), then x + FFN(LN(x))."""

    def __init__(self, d, heads, dropout):
        super().__init__()
        self.heads = heads
        self.scale = 1.0 / math.sqrt(d // heads)
        self.ln1 = nn.LayerNorm(d)
        self.q = nn.Linear(d, d)
        self.k = nn.Linear(d, d)
        self.v = nn.Linear(d, d)
        self.o = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.ff1 = nn.Linear(d, d)
        self.ff2 = nn.Linear(d, d)
        self.drop = nn.Dropout(dropout)
        self.fast = False

    def split(self, t):
        b, l, d = t.shape
        return t.reshape(b, l, self.heads, d // self.heads).transpose(1, 2)

    def forward(self, x, allowed):
        b, l, d = x.shape
        a = self.ln1(x)
        q, k, v = (self.split(linear(m, a, self.fast)) for m in (self.q, self.k, self.v))
        logits = torch.matmul(q, k.transpose(-1, -2)) * self.scale
        logits = logits.masked_fill(~allowed, NEG)
        weights = torch.softmax(logits, dim=-1)  # [b, heads, l, l], rows = queries
        ctx = torch.matmul(self.drop(weights), v).transpose(1, 2).reshape(b, l, d)
        x = x + self.drop(linear(self.o, ctx, self.fast))
        f = self.drop(torch.relu(linear(self.ff1, self.ln2(x), self.fast)))
        x = x + self.drop(linear(self.ff2, f, self.fast))
        return x, weights


class SASRec(nn.Module):
    """Item embedding (padding_idx 0) * sqrt(d) + learned positions, causal blocks,
    score of item j = <final hidden state at the last position, embedding of j>.

    Attention mask: query i sees key j <= i when history[j] != 0, and always
    itself (so an all-padding history still gives finite scores).
    """

    def __init__(self, n_items, length, d, heads, blocks, dropout):
        super().__init__()
        self.n_items, self.length, self.d = n_items, length, d
        self.item = nn.Embedding(n_items + 1, d, padding_idx=0)
        self.pos = nn.Embedding(length, d)
        self.drop = nn.Dropout(dropout)
        self.blocks = nn.ModuleList(Block(d, heads, dropout) for _ in range(blocks))
        self.ln = nn.LayerNorm(d)
        self.register_buffer("causal", torch.tril(torch.ones(length, length, dtype=torch.bool)))
        self.register_buffer("eye", torch.eye(length, dtype=torch.bool))
        for name, p in self.named_parameters():
            if p.dim() > 1:
                nn.init.xavier_normal_(p)
        with torch.no_grad():
            self.item.weight[0].zero_()

    def set_fast(self, fast):
        for block in self.blocks:
            block.fast = fast

    def all_logits(self, h):
        """Training: logits [b, n_items, l] of items 1..N at every position (oneDNN)."""
        return F.conv1d(h.transpose(1, 2), self.item.weight[1:, :, None])

    def embed(self, history):
        """Item embeddings as they enter the first block, before positions."""
        return self.item(history) * math.sqrt(self.d)

    def hidden(self, emb, history):
        allowed = (self.causal & (history != 0)[:, None, None, :]) | self.eye
        x = self.drop(emb + self.pos.weight)
        weights = []
        for block in self.blocks:
            x, w = block(x, allowed)
            weights.append(w)
        return self.ln(x), weights

    def scores(self, h):
        """h [..., d] -> [..., n_items + 1], column 0 (padding) = -1e9."""
        s = torch.matmul(h, self.item.weight[1:].t())
        return torch.cat([torch.full_like(s[..., :1], NEG), s], dim=-1)

    def forward(self, history):
        emb = self.embed(history)
        h, weights = self.hidden(emb, history)
        return (self.scores(h[:, -1]), *weights, emb)


class FromEmbeddings(nn.Module):
    """history_embeddings [b, L, d] + history [b, L] (mask only) -> scores."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, history_embeddings, history):
        h, _ = self.model.hidden(history_embeddings, history)
        return self.model.scores(h[:, -1])


class Full(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, history):
        return self.model(history)


METADATA = {
    "whyrec.pad_id": "0",
    "whyrec.pad_side": "left",
    "whyrec.mask_id": "0",
}


def set_shapes(m, shapes):
    """Declare the graph's input and output shapes in full (the exporter leaves the
    attention outputs' head axis symbolic)."""
    for v in list(m.graph.input) + list(m.graph.output):
        dims = v.type.tensor_type.shape.dim
        assert len(dims) == len(shapes[v.name]), v.name
        for dim, want in zip(dims, shapes[v.name]):
            if isinstance(want, str):
                dim.dim_param = want
            else:
                dim.dim_value = want


def export(model, path, emb_path, metadata, opset=17):
    """Write the two ONNX files (dynamic batch) and set their metadata_props."""
    import onnx

    # Wrappers in eval mode: torch.onnx.export restores each wrapper's own mode afterwards,
    # which for a fresh (training-mode) module would switch the model's dropout back on.
    full, from_emb = Full(model).eval(), FromEmbeddings(model).eval()
    length, d = model.length, model.d
    history = torch.zeros(2, length, dtype=torch.long)
    history[0, -3:] = torch.tensor([1, 2, 3])
    attn = {0: "batch"}
    torch.onnx.export(
        full, (history,), path,
        input_names=["history"],
        output_names=["scores", "attention_1", "attention_2", "history_embeddings"],
        dynamic_axes={"history": attn, "scores": attn, "attention_1": attn,
                      "attention_2": attn, "history_embeddings": attn},
        opset_version=opset, do_constant_folding=True)
    emb = model.embed(history).detach()
    torch.onnx.export(
        from_emb, (emb, history), emb_path,
        input_names=["history_embeddings", "history"], output_names=["scores"],
        dynamic_axes={"history_embeddings": attn, "history": attn, "scores": attn},
        opset_version=opset, do_constant_folding=True)
    assert not model.training
    heads = model.blocks[0].heads
    shapes = {"history": ["batch", length], "history_embeddings": ["batch", length, d],
              "scores": ["batch", model.n_items + 1],
              "attention_1": ["batch", heads, length, length],
              "attention_2": ["batch", heads, length, length]}
    for p in (path, emb_path):
        m = onnx.load(p)
        set_shapes(m, shapes)
        del m.metadata_props[:]
        for k, v in {**METADATA, **metadata}.items():
            entry = m.metadata_props.add()
            entry.key, entry.value = k, v
        onnx.checker.check_model(m)
        onnx.save(m, p)
        assert {e.key: e.value for e in onnx.load(p).metadata_props}["whyrec.pad_id"] == "0"
