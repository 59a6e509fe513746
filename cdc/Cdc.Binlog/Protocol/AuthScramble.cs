using System.Security.Cryptography;
using System.Text;

namespace Cdc.Binlog.Protocol;

/// <summary>
/// The password proofs of the two supported authentication methods
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods.html).
/// The password itself never crosses the wire except over TLS or RSA-encrypted.
/// </summary>
internal static class AuthScramble
{
    public const string NativePassword = "mysql_native_password";
    public const string CachingSha2Password = "caching_sha2_password";
    public const string ClearPassword = "mysql_clear_password";

    /// <summary>mysql_native_password: SHA1(password) XOR SHA1(nonce + SHA1(SHA1(password))). Empty for an empty password.</summary>
    public static byte[] Native(string password, ReadOnlySpan<byte> nonce)
    {
        if (password.Length == 0)
            return [];
        var stage1 = SHA1.HashData(Encoding.UTF8.GetBytes(password));
        var stage2 = SHA1.HashData(stage1);
        var salted = SHA1.HashData([.. nonce[..Math.Min(20, nonce.Length)], .. stage2]);
        return Xor(stage1, salted);
    }

    /// <summary>caching_sha2_password fast path: SHA256(password) XOR SHA256(SHA256(SHA256(password)) + nonce).</summary>
    public static byte[] CachingSha2(string password, ReadOnlySpan<byte> nonce)
    {
        if (password.Length == 0)
            return [];
        var stage1 = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        var stage2 = SHA256.HashData(stage1);
        var salted = SHA256.HashData([.. stage2, .. nonce[..Math.Min(20, nonce.Length)]]);
        return Xor(stage1, salted);
    }

    /// <summary>The password as sent in clear over TLS: its UTF-8 bytes and a NUL.</summary>
    public static byte[] ClearText(string password) => [.. Encoding.UTF8.GetBytes(password), 0];

    /// <summary>
    /// caching_sha2_password full authentication without TLS: (password + NUL) XOR the nonce (repeated),
    /// encrypted with the server's RSA public key using OAEP padding with SHA-1.
    /// </summary>
    public static byte[] RsaEncrypt(string password, ReadOnlySpan<byte> nonce, string publicKeyPem)
    {
        var plain = ClearText(password);
        var salt = nonce[..Math.Min(20, nonce.Length)];
        for (var i = 0; i < plain.Length; i++)
            plain[i] ^= salt[i % salt.Length];
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(publicKeyPem);
        }
        catch (ArgumentException e)
        {
            throw new BinlogProtocolException("The server's RSA public key is not a PEM public key; check BinlogClientOptions.ServerRsaPublicKey.", e);
        }
        return rsa.Encrypt(plain, RSAEncryptionPadding.OaepSHA1);
    }

    private static byte[] Xor(byte[] left, byte[] right)
    {
        var result = new byte[left.Length];
        for (var i = 0; i < result.Length; i++)
            result[i] = (byte)(left[i] ^ right[i]);
        return result;
    }
}
