;; A Wasm guest that draws sprites the host owns. It can only hold integers: it keeps the handles the
;; host gives it in its own linear memory, passes them back to use them, and is told (on_collected)
;; when a sprite it held loosely has disappeared.
;;
;; Memory layout:
;;   0 .. 511    64 handle slots (i64 each); 0 means empty
;;   1024        how many collection notices arrived (i32)
;;   1032        the last handle noticed (i64)
;;   1040        the last error code a loop stopped on (i64)
(module
  (import "tether" "lookup" (func $lookup (param i64) (result i32)))
  (import "tether" "drop" (func $drop (param i64) (result i32)))
  (import "tether" "loosen" (func $loosen (param i64) (result i32)))
  (import "tether" "tighten" (func $tighten (param i64) (result i32)))
  (import "tether" "state" (func $state (param i64) (result i32)))
  (import "tether" "pump" (func $pump (result i32)))
  ;; host.make(weak) gives a new sprite's handle, or a negative code
  (import "host" "make" (func $make (param i32) (result i64)))
  ;; host.draw(handle) draws a sprite and answers its id, or a negative code
  (import "host" "draw" (func $draw (param i64) (result i32)))

  (memory (export "memory") 1)

  (func $slot_addr (param $slot i32) (result i32)
    (i32.shl (i32.and (local.get $slot) (i32.const 63)) (i32.const 3)))

  (func $handle_at (export "handle_at") (param $slot i32) (result i64)
    (i64.load (call $slot_addr (local.get $slot))))

  ;; Ask the host for a sprite and keep its handle in a slot. Answers the handle, or the host's code.
  (func (export "acquire") (param $slot i32) (param $weak i32) (result i64)
    (local $h i64)
    (local.set $h (call $make (local.get $weak)))
    (if (i64.gt_s (local.get $h) (i64.const 0))
      (then (i64.store (call $slot_addr (local.get $slot)) (local.get $h))))
    (local.get $h))

  (func (export "draw_slot") (param $slot i32) (result i32)
    (call $draw (call $handle_at (local.get $slot))))

  ;; Dropping keeps the stale handle in memory on purpose: the guest may (wrongly) use it again.
  (func (export "drop_slot") (param $slot i32) (result i32)
    (call $drop (call $handle_at (local.get $slot))))

  (func (export "loosen_slot") (param $slot i32) (result i32)
    (call $loosen (call $handle_at (local.get $slot))))

  (func (export "tighten_slot") (param $slot i32) (result i32)
    (call $tighten (call $handle_at (local.get $slot))))

  (func (export "state_slot") (param $slot i32) (result i32)
    (call $state (call $handle_at (local.get $slot))))

  (func (export "lookup_slot") (param $slot i32) (result i32)
    (call $lookup (call $handle_at (local.get $slot))))

  (func (export "pump") (result i32) (call $pump))

  ;; The host calls this once per collected handle: count it, give the handle back, and forget it.
  (func (export "on_collected") (param $h i64)
    (local $i i32)
    (drop (call $drop (local.get $h)))
    (i32.store (i32.const 1024) (i32.add (i32.load (i32.const 1024)) (i32.const 1)))
    (i64.store (i32.const 1032) (local.get $h))
    (loop $scan
      (if (i64.eq (call $handle_at (local.get $i)) (local.get $h))
        (then (i64.store (call $slot_addr (local.get $i)) (i64.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $scan (i32.lt_u (local.get $i) (i32.const 64)))))

  (func (export "noticed") (result i32) (i32.load (i32.const 1024)))
  (func (export "last_noticed") (result i64) (i64.load (i32.const 1032)))
  (func (export "last_error") (result i64) (i64.load (i32.const 1040)))

  ;; A buggy or hostile guest: n times, forge a handle (half purely random, half a real handle with one
  ;; bit flipped) and try to draw, look up and drop it. Answers how many draws succeeded.
  (func (export "forge") (param $n i32) (param $seed i64) (result i32)
    (local $x i64) (local $h i64) (local $ok i32)
    (local.set $x (local.get $seed))
    (loop $next
      ;; xorshift64
      (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 13))))
      (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 7))))
      (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 17))))
      (local.set $h
        (if (result i64) (i64.eqz (i64.and (local.get $x) (i64.const 1)))
          (then (local.get $x))
          (else (i64.xor
                  (call $handle_at (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 8))))
                  (i64.shl (i64.const 1) (i64.and (i64.shr_u (local.get $x) (i64.const 16)) (i64.const 63)))))))
      (if (i32.ge_s (call $draw (local.get $h)) (i32.const 0))
        (then (local.set $ok (i32.add (local.get $ok) (i32.const 1)))))
      (drop (call $lookup (local.get $h)))
      (drop (call $state (local.get $h)))
      (drop (call $drop (local.get $h)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $next (i32.gt_s (local.get $n) (i32.const 0))))
    (local.get $ok))

  ;; A leaking guest: ask for sprites and never give them back, until the host says no.
  ;; Answers how many it got; the refusal's code is kept at 1040.
  (func (export "leak") (result i32)
    (local $n i32) (local $h i64)
    (block $refused
      (loop $more
        (local.set $h (call $make (i32.const 0)))
        (br_if $refused (i64.lt_s (local.get $h) (i64.const 0)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $more)))
    (i64.store (i32.const 1040) (local.get $h))
    (local.get $n))
)
