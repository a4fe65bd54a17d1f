#!/usr/bin/python3
"""Write a tiny random-weight Whisper-shaped model in the Hugging Face ONNX layout.

A plumbing model for tests: the same tensor names, shapes and tokenizer format as
onnx-community/whisper-* (encoder_model.onnx, decoder_model_merged.onnx, tokenizer.json,
config.json, generation_config.json), random weights, so its transcripts are gibberish.
The merged decoder is built the way optimum builds it: a first-step graph and a with-past graph
joined under If(use_cache_branch); the with-past branch really uses the fed-back cross-attention
kv. Deterministic (fixed seed). Run with Debian's python (it has torch + onnx):

    /usr/bin/python3 models/whisper/make-test-model.py [target_dir] [--preset tiny|base]

target_dir defaults to models/generated/whisper-test/ (git-ignored). `--preset base` gives
whisper-base's dimensions (d 512, 6+6 layers, 8 heads, 51865 logits; ~290 MB) for speed
measurements; its tokenizer is the same small one, the extra logits have no token.
"""
import json
import math
import os
import sys

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

D_MODEL = 64
HEADS = 2
ENC_LAYERS = 2
DEC_LAYERS = 2
N_MELS = 80
N_FRAMES = 3000
N_AUDIO_CTX = 1500
N_TEXT_CTX = 448
REGULAR_TOKENS = 400  # 256 byte tokens + 144 BPE merges
OPSET = 14
TEST_MODEL_VERSION = 2  # test/asr/whisper/fixture.ts regenerates folders of another version

# Whisper's language list, in its token order.
LANGUAGES = (
    "en zh de es ru ko fr ja pt tr pl ca nl ar sv it id hi fi vi he uk el ms cs ro da hu ta no th ur hr "
    "bg lt la mi ml cy sk te fa lv bn sr az sl kn et mk br eu is hy ne mn bs kk sq sw gl mr pa si km sn "
    "yo so af oc ka be tg sd gu am yi lo uz fo ht ps tk nn mt sa lb my bo tl mg as tt haw ln ha ba jw su"
).split()

# Text the toy BPE merges are learnt from: English and Mandarin, like the tests speak.
BPE_CORPUS = (
    "the quick brown fox jumps over the lazy dog. turn on the lights. open the browser. "
    "what is the weather today? stop the music. there then that this these those with "
    "你好 世界 打开 灯 关闭 音乐 今天 天气 怎么样 谢谢"
)


def bytes_to_unicode():
    """GPT-2's reversible byte -> printable unicode character table."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return bs, [chr(c) for c in cs]


def build_tokenizer():
    bs, cs = bytes_to_unicode()
    byte_char = dict(zip(bs, cs))
    vocab = {c: i for i, c in enumerate(cs)}  # ids 0..255 in GPT-2 order
    words = []
    for w in BPE_CORPUS.split(" "):
        words.append([byte_char[b] for b in (" " + w).encode("utf-8")])
    merges = []
    while len(vocab) < REGULAR_TOKENS:
        counts = {}
        for w in words:
            for a, b in zip(w, w[1:]):
                counts[(a, b)] = counts.get((a, b), 0) + 1
        if not counts:
            break
        best = max(sorted(counts), key=lambda p: counts[p])  # sorted: ties break deterministically
        merges.append(best)
        vocab[best[0] + best[1]] = len(vocab)
        for w in words:
            i = 0
            while i < len(w) - 1:
                if (w[i], w[i + 1]) == best:
                    w[i : i + 2] = [best[0] + best[1]]
                else:
                    i += 1
    # pad with single-use merges from the byte table if the corpus ran out of pairs
    filler = 0
    while len(vocab) < REGULAR_TOKENS:
        a, b = cs[filler % 94], cs[(filler * 7 + 3) % 94]
        filler += 1
        if a + b in vocab:
            continue
        merges.append((a, b))
        vocab[a + b] = len(vocab)

    specials = ["<|endoftext|>", "<|startoftranscript|>"] + [f"<|{l}|>" for l in LANGUAGES]
    specials += ["<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>", "<|nocaptions|>", "<|notimestamps|>"]
    first_special = len(vocab)
    added = []
    for i, s in enumerate(specials):
        added.append(s)
    vocab_size = 600
    ts = 0
    while first_special + len(added) < vocab_size:
        added.append(f"<|{ts * 0.02:.2f}|>")
        ts += 1
    added_tokens = [
        {"id": first_special + i, "content": s, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
        for i, s in enumerate(added)
    ]
    vocab["<|endoftext|>"] = first_special  # real Whisper vocabularies also list it in model.vocab
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added_tokens,
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": "",
            "end_of_word_suffix": "",
            "fuse_unk": False,
            "byte_fallback": False,
            "vocab": vocab,
            "merges": [f"{a} {b}" for a, b in merges],
        },
    }
    ids = {t["content"]: t["id"] for t in added_tokens}
    return tokenizer, ids, vocab_size


def sinusoids(length, channels):
    log_inc = math.log(10000) / (channels // 2 - 1)
    inv = torch.exp(-log_inc * torch.arange(channels // 2))
    t = torch.arange(length)[:, None] * inv[None, :]
    return torch.cat([torch.sin(t), torch.cos(t)], dim=1)


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.q = nn.Linear(D_MODEL, D_MODEL)
        self.k = nn.Linear(D_MODEL, D_MODEL, bias=False)
        self.v = nn.Linear(D_MODEL, D_MODEL)
        self.o = nn.Linear(D_MODEL, D_MODEL)

    @staticmethod
    def split(x):  # [b, t, d] -> [b, h, t, hd]
        b, t, _ = x.shape
        return x.view(b, t, HEADS, D_MODEL // HEADS).transpose(1, 2)

    def attend(self, q, k, v, mask=None):
        w = q @ k.transpose(-1, -2) / math.sqrt(D_MODEL // HEADS)
        if mask is not None:
            w = w + mask
        out = F.softmax(w, dim=-1) @ v  # [b, h, t, hd]
        b, _, t, _ = out.shape
        return self.o(out.transpose(1, 2).reshape(b, t, D_MODEL))


def mlp():
    return nn.Sequential(nn.Linear(D_MODEL, 4 * D_MODEL), nn.GELU(), nn.Linear(4 * D_MODEL, D_MODEL))


class EncoderLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.attn, self.ln2, self.mlp = nn.LayerNorm(D_MODEL), Attention(), nn.LayerNorm(D_MODEL), mlp()

    def forward(self, x):
        h = self.ln1(x)
        x = x + self.attn.attend(Attention.split(self.attn.q(h)), Attention.split(self.attn.k(h)), Attention.split(self.attn.v(h)))
        return x + self.mlp(self.ln2(x))


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv1d(N_MELS, D_MODEL, 3, padding=1)
        self.conv2 = nn.Conv1d(D_MODEL, D_MODEL, 3, stride=2, padding=1)  # 3000 -> 1500 frames
        self.register_buffer("pos", sinusoids(N_AUDIO_CTX, D_MODEL))
        self.layers = nn.ModuleList([EncoderLayer() for _ in range(ENC_LAYERS)])
        self.ln_post = nn.LayerNorm(D_MODEL)

    def forward(self, input_features):
        x = F.gelu(self.conv2(F.gelu(self.conv1(input_features))))
        x = x.permute(0, 2, 1) + self.pos
        for layer in self.layers:
            x = layer(x)
        return self.ln_post(x)


class DecoderLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.self_attn = nn.LayerNorm(D_MODEL), Attention()
        self.ln2, self.cross_attn = nn.LayerNorm(D_MODEL), Attention()
        self.ln3, self.mlp = nn.LayerNorm(D_MODEL), mlp()

    def forward(self, x, mask, enc=None, past_k=None, past_v=None, ek=None, ev=None):
        h = self.ln1(x)
        k = Attention.split(self.self_attn.k(h))
        v = Attention.split(self.self_attn.v(h))
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        x = x + self.self_attn.attend(Attention.split(self.self_attn.q(h)), k, v, mask)
        if ek is None:  # first step: cross-attention kv from the encoder output
            ek = Attention.split(self.cross_attn.k(enc))
            ev = Attention.split(self.cross_attn.v(enc))
        x = x + self.cross_attn.attend(Attention.split(self.cross_attn.q(self.ln2(x))), ek, ev)
        return x + self.mlp(self.ln3(x)), k, v, ek, ev


class Decoder(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.tok = nn.Embedding(vocab_size, D_MODEL)
        # large random positions and an untied output projection make greedy decoding wander
        # through many tokens instead of repeating one, so cache/no-cache comparisons mean something
        self.pos = nn.Parameter(torch.randn(N_TEXT_CTX, D_MODEL))
        self.proj_out = nn.Linear(D_MODEL, vocab_size, bias=False)
        self.layers = nn.ModuleList([DecoderLayer() for _ in range(DEC_LAYERS)])
        self.ln = nn.LayerNorm(D_MODEL)

    def run(self, input_ids, enc, past):
        seq = input_ids.shape[1]
        past_len = past[0].shape[2] if past else 0
        positions = torch.arange(seq) + past_len
        x = self.tok(input_ids) + self.pos[positions]
        mask = (torch.arange(seq + past_len)[None, :] > positions[:, None]).float() * -1e9
        presents = []
        for i, layer in enumerate(self.layers):
            if past:
                x, k, v, _, _ = layer(x, mask, past_k=past[4 * i], past_v=past[4 * i + 1], ek=past[4 * i + 2], ev=past[4 * i + 3])
                presents += [k, v]
            else:
                x, k, v, ek, ev = layer(x, mask, enc=enc)
                presents += [k, v, ek, ev]
        return (self.proj_out(self.ln(x)) * 4.0, *presents)


class DecoderFirstStep(nn.Module):  # optimum's decoder_model: no past
    def __init__(self, decoder):
        super().__init__()
        self.decoder = decoder

    def forward(self, input_ids, encoder_hidden_states):
        return self.decoder.run(input_ids, encoder_hidden_states, None)


class DecoderWithPast(nn.Module):  # optimum's decoder_with_past_model: reuses the cross-attention kv
    def __init__(self, decoder):
        super().__init__()
        self.decoder = decoder

    def forward(self, input_ids, *past):
        return self.decoder.run(input_ids, None, list(past))


def kv_names(prefix, i):
    return [f"{prefix}.{i}.decoder.key", f"{prefix}.{i}.decoder.value", f"{prefix}.{i}.encoder.key", f"{prefix}.{i}.encoder.value"]


def merge_branches(first_path, past_path, out_path):
    """Joins the two decoders under one If(use_cache_branch) node, as optimum's merge does."""
    first, past = onnx.load(first_path), onnx.load(past_path)
    outer_inputs = [i.name for i in first.graph.input] + [i.name for i in past.graph.input]

    def branch(model, prefix, extra_identity):
        g = model.graph
        names = {}

        def rn(n):
            if n == "" or n in outer_inputs:
                return n
            return names.setdefault(n, prefix + n)

        for init in g.initializer:
            init.name = rn(init.name)
        for node in g.node:
            node.name = prefix + node.name
            for i, x in enumerate(node.input):
                node.input[i] = rn(x)
            for i, x in enumerate(node.output):
                node.output[i] = rn(x)
        out_names = [rn(o.name) for o in g.output]
        for src in extra_identity:  # the cache branch hands the cross-attention kv through
            node = onnx.helper.make_node("Identity", [src], [prefix + src + "_out"], name=prefix + "identity_" + src)
            g.node.append(node)
            out_names.append(prefix + src + "_out")
        return g, out_names

    g_first, first_outs = branch(first, "first/", [])
    layers = len([i for i in past.graph.input if i.name.endswith(".encoder.key")])
    g_past, past_outs = branch(past, "past/", [n for i in range(layers) for n in kv_names("past_key_values", i)[2:]])
    # order outputs like the first-step graph: logits, then per layer decoder k, v, encoder k, v
    dec = past_outs[1 : 1 + 2 * layers]
    enc = past_outs[1 + 2 * layers :]
    past_ordered = [past_outs[0]]
    for i in range(layers):
        past_ordered += dec[2 * i : 2 * i + 2] + enc[2 * i : 2 * i + 2]
    out_infos = list(first.graph.output)

    def as_branch_graph(g, outs, name):
        infos = [onnx.helper.make_empty_tensor_value_info(n) for n in outs]
        return onnx.helper.make_graph(list(g.node), name, [], infos, list(g.initializer))

    then_g = as_branch_graph(g_past, past_ordered, "with_past")
    else_g = as_branch_graph(g_first, first_outs, "first_step")
    names = ["logits"] + [n for i in range(layers) for n in kv_names("present", i)]
    if_node = onnx.helper.make_node("If", ["use_cache_branch"], names, then_branch=then_g, else_branch=else_g, name="optimum::if")
    inputs = [first.graph.input[0], first.graph.input[1]] + [i for i in past.graph.input if i.name.startswith("past_key_values.")]
    inputs.append(onnx.helper.make_tensor_value_info("use_cache_branch", onnx.TensorProto.BOOL, [1]))
    outputs = []
    for name, info in zip(names, out_infos):
        info.name = name
        outputs.append(info)
    graph = onnx.helper.make_graph([if_node], "merged_decoder", inputs, outputs)
    model = onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", OPSET)], producer_name="beckon-test")
    model.ir_version = first.ir_version
    onnx.checker.check_model(model)
    onnx.save(model, out_path)


def export_merged_decoder(decoder, ids, out_path, target):
    hd = D_MODEL // HEADS
    first_path = os.path.join(target, "_decoder_first.onnx")
    past_path = os.path.join(target, "_decoder_past.onnx")
    ids_in = torch.tensor([[ids["<|startoftranscript|>"], ids["<|en|>"]]])
    seq_axes = {0: "batch_size", 1: "decoder_sequence_length"}
    out_names, axes = ["logits"], {"input_ids": seq_axes, "encoder_hidden_states": {0: "batch_size", 1: "encoder_sequence_length"}, "logits": seq_axes}
    for i in range(DEC_LAYERS):
        out_names += kv_names("present", i)
        for n in kv_names("present", i)[:2]:
            axes[n] = {0: "batch_size", 2: "past_decoder_sequence_length + decoder_sequence_length"}
        for n in kv_names("present", i)[2:]:
            axes[n] = {0: "batch_size", 2: "encoder_sequence_length_out"}
    torch.onnx.export(DecoderFirstStep(decoder), (ids_in, torch.randn(1, N_AUDIO_CTX, D_MODEL)), first_path,
                      input_names=["input_ids", "encoder_hidden_states"], output_names=out_names, dynamic_axes=dict(axes), opset_version=OPSET)
    past, in_names, past_out = [], ["input_ids"], ["logits"]
    for i in range(DEC_LAYERS):
        past += [torch.randn(1, HEADS, 3, hd), torch.randn(1, HEADS, 3, hd), torch.randn(1, HEADS, N_AUDIO_CTX, hd), torch.randn(1, HEADS, N_AUDIO_CTX, hd)]
        in_names += kv_names("past_key_values", i)
        for n in kv_names("past_key_values", i)[:2]:
            axes[n] = {0: "batch_size", 2: "past_decoder_sequence_length"}
        for n in kv_names("past_key_values", i)[2:]:
            axes[n] = {0: "batch_size", 2: "encoder_sequence_length_out"}
        past_out += kv_names("present", i)[:2]
    torch.onnx.export(DecoderWithPast(decoder), (ids_in[:, :1], *past), past_path,
                      input_names=in_names, output_names=past_out, dynamic_axes={k: v for k, v in axes.items() if k in in_names + past_out}, opset_version=OPSET)
    merge_branches(first_path, past_path, out_path)
    os.remove(first_path)
    os.remove(past_path)


PRESETS = {
    "tiny": dict(D_MODEL=64, HEADS=2, ENC_LAYERS=2, DEC_LAYERS=2, LOGITS=600),
    "base": dict(D_MODEL=512, HEADS=8, ENC_LAYERS=6, DEC_LAYERS=6, LOGITS=51865),
}
LOGITS = 600


def main():
    global D_MODEL, HEADS, ENC_LAYERS, DEC_LAYERS, LOGITS
    args = [a for a in sys.argv[1:]]
    preset = "tiny"
    if "--preset" in args:
        i = args.index("--preset")
        preset = args[i + 1]
        del args[i : i + 2]
    D_MODEL, HEADS, ENC_LAYERS, DEC_LAYERS, LOGITS = (PRESETS[preset][k] for k in ("D_MODEL", "HEADS", "ENC_LAYERS", "DEC_LAYERS", "LOGITS"))
    here = os.path.dirname(os.path.abspath(__file__))
    target = args[0] if args else os.path.join(here, "..", "generated", "whisper-test")
    os.makedirs(target, exist_ok=True)
    torch.manual_seed(0)
    tokenizer, ids, vocab_size = build_tokenizer()
    vocab_size = max(vocab_size, LOGITS)
    encoder = Encoder().eval()
    decoder = Decoder(vocab_size).eval()
    hd = D_MODEL // HEADS

    with torch.no_grad():
        torch.onnx.export(
            encoder,
            (torch.randn(1, N_MELS, N_FRAMES),),
            os.path.join(target, "encoder_model.onnx"),
            input_names=["input_features"],
            output_names=["last_hidden_state"],
            dynamic_axes={"input_features": {0: "batch_size"}, "last_hidden_state": {0: "batch_size"}},
            opset_version=OPSET,
        )
        export_merged_decoder(decoder, ids, os.path.join(target, "decoder_model_merged.onnx"), target)

    config = {
        "model_type": "whisper",
        "architectures": ["WhisperForConditionalGeneration"],
        "d_model": D_MODEL,
        "encoder_layers": ENC_LAYERS,
        "decoder_layers": DEC_LAYERS,
        "encoder_attention_heads": HEADS,
        "decoder_attention_heads": HEADS,
        "num_mel_bins": N_MELS,
        "max_source_positions": N_AUDIO_CTX,
        "max_target_positions": N_TEXT_CTX,
        "vocab_size": vocab_size,
        "eos_token_id": ids["<|endoftext|>"],
        "decoder_start_token_id": ids["<|startoftranscript|>"],
        "beckon_test_model": "random weights: plumbing only, transcripts are gibberish",
        "beckon_test_model_version": TEST_MODEL_VERSION,
    }
    generation = {
        "decoder_start_token_id": ids["<|startoftranscript|>"],
        "eos_token_id": ids["<|endoftext|>"],
        "no_timestamps_token_id": ids["<|notimestamps|>"],
        "begin_suppress_tokens": [tokenizer["model"]["vocab"]["Ġ"], ids["<|endoftext|>"]],
        "lang_to_id": {f"<|{l}|>": ids[f"<|{l}|>"] for l in LANGUAGES},
        "task_to_id": {"transcribe": ids["<|transcribe|>"], "translate": ids["<|translate|>"]},
        "is_multilingual": True,
        "max_length": N_TEXT_CTX,
    }
    preprocessor = {"feature_size": N_MELS, "sampling_rate": 16000, "hop_length": 160, "n_fft": 400, "chunk_length": 30, "n_samples": 480000, "nb_max_frames": N_FRAMES}
    for name, obj in (("tokenizer.json", tokenizer), ("config.json", config), ("generation_config.json", generation), ("preprocessor_config.json", preprocessor)):
        with open(os.path.join(target, name), "w", encoding="utf-8") as f:
            json.dump(obj, f, ensure_ascii=False, indent=1)
    print(os.path.abspath(target))


if __name__ == "__main__":
    main()
