namespace CpqSync.Sandbox.Salesforce.OAuth;

/// <summary>
/// The connected app's fixed test key pair. It is public on purpose: it only signs JWT-bearer assertions for the
/// sandbox, so `cpqsync sandbox` prints stable credentials across runs. Never use it against a real org.
/// </summary>
internal static class SandboxConnectedAppKeys
{
    public const string CertificatePem = """
        -----BEGIN CERTIFICATE-----
        MIIDMzCCAhugAwIBAgIUXzSfHjaFKSZiK7FHa1bjfpbU5lQwDQYJKoZIhvcNAQEL
        BQAwKDEmMCQGA1UEAwwdQ3BxU3luYyBTYW5kYm94IENvbm5lY3RlZCBBcHAwIBcN
        MjYxMTI1MTcxOTA2WhgPMjEyNjExMDExNzE5MDZaMCgxJjAkBgNVBAMMHUNwcVN5
        bmMgU2FuZGJveCBDb25uZWN0ZWQgQXBwMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A
        MIIBCgKCAQEA0qTaUPrbDCX/a9f429jkvvT6iXvmP9Jj2VSaD+fqVVoCwhi0H6CC
        R9sJDB2ND8G8toHmAK5aHN03ESzHX0YOa0BBfymBpaJU0UMdL41+V7eRWsY+qNb8
        O/1aqU0TSsjk03geHjHg6tL4TK1bLZ7MNZC/aaElcw1uEx4RUnHJ16gvJgF6GO6h
        qHa+saRcED9EIdmhqLP/cy/ySwWMjiQ0J1oy26MwfiqWrsz1PFetBe46fi7kACb5
        gkfberXefNUMts5BvGUMNSNu4QonAIh293cC4C8vsMq3TBlgtrqR0jlcBn+TITov
        vYifGAIEoqT7x1oO1nKPUE4UW3migOyOOQIDAQABo1MwUTAdBgNVHQ4EFgQUOC3C
        rvFo/r7QVMz8LGrDhfKO6YQwHwYDVR0jBBgwFoAUOC3CrvFo/r7QVMz8LGrDhfKO
        6YQwDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOCAQEAVQTmp1T16icx
        L1lanLPJWGdU4Xo+rOyJwEnrRrNOsOCICS+r788kD8vCgqMVkummCfradhxJuC/B
        LbEQAZ57Gb85x9rUf5mo7q9FdaZroW8IIE1DMEGacHy8v01NYJSMYi3rULTPTeIT
        XdNUM94waE9O7QbGQpjLhT1Tbrf7icq7L7HetVhGo8PQ54BXuQss+JA6p0Tg/deA
        yzgnLmZObe93+x+EzQdGMdidfNEQIqqYR+A03vARGMXxtoYEG8VVdkRPxVA/r1HL
        BzHRZcbcoXGcXwiZsuJeXodu8R1Q+xLh7PdLBO3ytm9bTwHlYAGo0XnzXA6EhrWh
        yRGRmaoMcw==
        -----END CERTIFICATE-----
        """;

    public const string PrivateKeyPem = """
        -----BEGIN PRIVATE KEY-----
        MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDSpNpQ+tsMJf9r
        1/jb2OS+9PqJe+Y/0mPZVJoP5+pVWgLCGLQfoIJH2wkMHY0Pwby2geYArloc3TcR
        LMdfRg5rQEF/KYGlolTRQx0vjX5Xt5Faxj6o1vw7/VqpTRNKyOTTeB4eMeDq0vhM
        rVstnsw1kL9poSVzDW4THhFSccnXqC8mAXoY7qGodr6xpFwQP0Qh2aGos/9zL/JL
        BYyOJDQnWjLbozB+KpauzPU8V60F7jp+LuQAJvmCR9t6td581Qy2zkG8ZQw1I27h
        CicAiHb3dwLgLy+wyrdMGWC2upHSOVwGf5MhOi+9iJ8YAgSipPvHWg7Wco9QThRb
        eaKA7I45AgMBAAECggEAE5TmZCqLyCt0nQWC4YoeSqeqrjL1xrdT16ljGIkwSi6v
        zLQf84Q39D7XDpilK0Kw/Lzi4SuUHjSM2NSDNLbGIp+CrzPwNNH8RUdSTGBAj141
        3ZzKCKdSo6+D2PL8sQIvrn5vO1Ka9G14DmW7sQge9vhNqP/FY9aK5e1Qwiuojjrt
        sYLpLW1FBmudToVVqhdU1lLKX80Oyn0rVYXY/fIyonXf0W9k0wrfPsaXI+mgeQV4
        HQezNAKyLJtbKddeBK9CFzaOrql9+MeKB3HOlw7YHy3EH58XnGu54+Gc5ro/303B
        bCFm+Cg9/bMIsMTYb2+QudZwfJUH9T9e8n7FYpIrcQKBgQDxIgMjFztZgKKiZ3je
        5uA8/D/HExsLzcjMZRUomUX+H7PTa9b0JwGM3jZD6Mhp+TWi0RY7Tixh5dRDJXYU
        Z62QLtywx96Y0ABndfdW6iN981RiLxOtoUQvmaMVQvmFAyGC3C6wHyqmrKHrcBFV
        xDqYJYkVf3XI1cC7S3IUdGTDkQKBgQDfoZxEtA+BtvJ52ftTlhDhJN7rtXTfug6q
        yxYGFSRGjCikrsgfZDxnEO7ahtFWZ3BZggtgTViJDJBuJGOyJnRrFAqta2moB3Vn
        /aUtOCpQ7Pyyi2ALAJ7faKd/nFFc1VPlQDHRyF/cRH6/5FzwN/xingBWbalb88VA
        khuyp598KQKBgBdrQzy8O+JkcOcu/3k+mRazNQqDm4PY96CKTLTFthuJPrDQ726E
        /0yMJF8SE6zfLEtk3TDjVcIoTSY8VCyFKUEwm/R7ZO4YfYGO3nfNg6bu5AopIlMh
        r3qkBEfDWnKFrFKGSe6HCGBpscwo9TYMOdifBKJW37yirfZCzJCaAVNRAoGBALXv
        vzjN3QfFFUQ5KZV5M0ZYPtw5Blq1/hTJoKNWM+sJQE+qurl/TPz0873pjQnkoazQ
        dfzlMDBffml9RXa8fl5XMdCg4JaJauUtoGJHnXW1OGjxpzOMT7Smag8R18fU7qpG
        LcHkaMjFGPF5EnuEsNpyfQfTs8NRcZr0w3/3i3LxAoGAQy3oMYVyvHUaK+qMMnBq
        c36OqvEsLB76t8/aULdVV6A8VDXVg8UOpbsxIH/l66RGQwmKsln1xPeyMnv/CZIX
        HbOmAqslKSxsk1bB0778HZjHXGWWSKkHdxYODkarVLmxsiKmTr/P20Vwb2MOxwEs
        nd8mxBUPTYgSbyz3ENqY82A=
        -----END PRIVATE KEY-----
        """;
}
