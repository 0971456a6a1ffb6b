"""The worked example of Tether.Native from Python, through ctypes: the same library, another caller.

Usage: python3 demo.py <folder of tether_example.so>. Notices are polled here (tether_next_notice); demo.c
registers a callback instead.
"""
import ctypes
import sys
import time
from pathlib import Path

CODES = {0: "OK", -1: "UNKNOWN", -2: "DROPPED", -3: "COLLECTED", -4: "WRONG_TYPE", -5: "WRONG_TABLE", -6: "DISPOSED"}

lib = ctypes.CDLL(str(Path(sys.argv[1] if len(sys.argv) > 1 else ".") / "tether_example.so"))
handle = ctypes.c_int64
for name in ("tether_lookup", "tether_state", "tether_drop", "tether_loosen", "tether_tighten"):
    getattr(lib, name).argtypes = [handle]
lib.tether_next_notice.argtypes = [ctypes.POINTER(ctypes.c_uint64)]
lib.example_counter_new.argtypes = [ctypes.c_int64]
lib.example_counter_new.restype = handle
lib.example_counter_add.argtypes = [handle, ctypes.c_int64, ctypes.POINTER(ctypes.c_int64)]
lib.example_counter_value.argtypes = [handle, ctypes.POINTER(ctypes.c_int64)]
lib.example_note_new.argtypes = [ctypes.c_char_p]
lib.example_note_new.restype = handle
lib.example_note_length.argtypes = [handle, ctypes.POINTER(ctypes.c_int64)]
lib.example_other_table_counter.restype = handle


def show(what, code):
    print(f"  {what:<52} -> {code:3d} {CODES.get(code, 'other')}")


value = ctypes.c_int64()
counter = lib.example_counter_new(40)
note = lib.example_note_new("hello from Python".encode())
print(f"Python holds counter {counter} and note {note}: plain integers.")
show("example_counter_add(counter, 2)", lib.example_counter_add(counter, 2, ctypes.byref(value)))
print(f"  value = {value.value}")

loose = lib.example_counter_new(7)
show("tether_loosen(loose)", lib.tether_loosen(loose))
noticed = ctypes.c_uint64()
told = None
for _ in range(500):
    lib.example_collect()
    if lib.tether_next_notice(ctypes.byref(noticed)) == 1:
        told = noticed.value
        break
    time.sleep(0.01)
print(f"  tether_next_notice: handle {told} was collected ({'the loosened counter' if told == loose else 'not the one'})")
show("example_counter_value(loose)", lib.example_counter_value(loose, ctypes.byref(value)))
show("tether_drop(loose)", lib.tether_drop(loose))

show("tether_drop(note)", lib.tether_drop(note))
show("example_note_length(note): stale", lib.example_note_length(note, ctypes.byref(value)))
show("example_note_length(counter): wrong type", lib.example_note_length(counter, ctypes.byref(value)))
show("example_counter_value(other table's counter)", lib.example_counter_value(lib.example_other_table_counter(), ctypes.byref(value)))
show("tether_lookup(2**53): out of range", lib.tether_lookup(2**53))
show("tether_lookup(-2**63): forged", lib.tether_lookup(-(2**63)))
show("tether_lookup(counter)", lib.tether_lookup(counter))
show("tether_shutdown()", lib.tether_shutdown())
show("tether_lookup(counter) after shutdown", lib.tether_lookup(counter))
