#!/usr/bin/python3
"""Write a tiny random-weight Whisper-shaped model in the Hugging Face ONNX layout.

A plumbing model for tests: the same tensor names, shapes and tokenizer format as
onnx-community/whisper-* (encoder_model.onnx, decoder_model_merged.onnx, tokenizer.json,
config.json, generation_config.json), random weights, so its transcripts are gibberish.
Deterministic (fixed seed). Run with Debian's python (it has torch + onnx):

    /usr/bin/python3 models/whisper/make-test-model.py [target_dir]

target_dir defaults to models/generated/whisper-test/ (git-ignored).
"""
import json
import math
import os
import sys

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

    def forward(self, x, enc, past_k, past_v, mask):
        h = self.ln1(x)
        k = torch.cat([past_k, Attention.split(self.self_attn.k(h))], dim=2)
        v = torch.cat([past_v, Attention.split(self.self_attn.v(h))], dim=2)
        x = x + self.self_attn.attend(Attention.split(self.self_attn.q(h)), k, v, mask)
        # Always recomputed from the encoder output: a plumbing model needs no If branch.
        ek = Attention.split(self.cross_attn.k(enc))
        ev = Attention.split(self.cross_attn.v(enc))
        x = x + self.cross_attn.attend(Attention.split(self.cross_attn.q(self.ln2(x))), ek, ev)
        return x + self.mlp(self.ln3(x)), k, v, ek, ev


class MergedDecoder(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.tok = nn.Embedding(vocab_size, D_MODEL)
        # large random positions and an untied output projection make greedy decoding wander
        # through many tokens instead of repeating one, so cache/no-cache comparisons mean something
        self.pos = nn.Parameter(torch.randn(N_TEXT_CTX, D_MODEL))
        self.proj_out = nn.Linear(D_MODEL, vocab_size, bias=False)
        self.layers = nn.ModuleList([DecoderLayer() for _ in range(DEC_LAYERS)])
        self.ln = nn.LayerNorm(D_MODEL)

    def forward(self, input_ids, encoder_hidden_states, *rest):
        past, use_cache_branch = rest[:-1], rest[-1]
        past_len = past[0].shape[2]
        seq = input_ids.shape[1]
        positions = torch.arange(seq) + past_len
        x = self.tok(input_ids) + self.pos[positions]
        q_pos = positions[:, None]
        k_pos = torch.arange(seq + past_len)[None, :]
        mask = (k_pos > q_pos).float() * -1e9
        presents = []
        # The past encoder kv and the branch flag must stay graph inputs like in the real model.
        keep = use_cache_branch.float().sum() * 0.0
        for i, layer in enumerate(self.layers):
            pk, pv, pek, pev = past[4 * i : 4 * i + 4]
            keep = keep + pek.sum() * 0.0 + pev.sum() * 0.0
            x, k, v, ek, ev = layer(x, encoder_hidden_states, pk, pv, mask)
            presents += [k, v, ek, ev]
        logits = self.proj_out(self.ln(x)) * 4.0 + keep
        return (logits, *presents)


def kv_names(prefix, i):
    return [f"{prefix}.{i}.decoder.key", f"{prefix}.{i}.decoder.value", f"{prefix}.{i}.encoder.key", f"{prefix}.{i}.encoder.value"]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    target = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "generated", "whisper-test")
    os.makedirs(target, exist_ok=True)
    torch.manual_seed(0)
    tokenizer, ids, vocab_size = build_tokenizer()
    encoder = Encoder().eval()
    decoder = MergedDecoder(vocab_size).eval()
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
        past_len = 3
        past = []
        in_names, out_names = ["input_ids", "encoder_hidden_states"], ["logits"]
        axes = {
            "input_ids": {0: "batch_size", 1: "decoder_sequence_length"},
            "encoder_hidden_states": {0: "batch_size", 1: "encoder_sequence_length"},
            "logits": {0: "batch_size", 1: "decoder_sequence_length"},
        }
        for i in range(DEC_LAYERS):
            past += [torch.randn(1, HEADS, past_len, hd), torch.randn(1, HEADS, past_len, hd)]
            past += [torch.randn(1, HEADS, N_AUDIO_CTX, hd), torch.randn(1, HEADS, N_AUDIO_CTX, hd)]
            in_names += kv_names("past_key_values", i)
            out_names += kv_names("present", i)
            for n in kv_names("past_key_values", i)[:2]:
                axes[n] = {0: "batch_size", 2: "past_decoder_sequence_length"}
            for n in kv_names("past_key_values", i)[2:]:
                axes[n] = {0: "batch_size", 2: "encoder_sequence_length_out"}
            for n in kv_names("present", i)[:2]:
                axes[n] = {0: "batch_size", 2: "past_decoder_sequence_length + decoder_sequence_length"}
            for n in kv_names("present", i)[2:]:
                axes[n] = {0: "batch_size", 2: "encoder_sequence_length_out"}
        in_names.append("use_cache_branch")
        args = (torch.tensor([[ids["<|startoftranscript|>"], ids["<|en|>"]]]), torch.randn(1, N_AUDIO_CTX, D_MODEL), *past, torch.tensor([True]))
        torch.onnx.export(
            decoder,
            args,
            os.path.join(target, "decoder_model_merged.onnx"),
            input_names=in_names,
            output_names=out_names,
            dynamic_axes=axes,
            opset_version=OPSET,
        )

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
