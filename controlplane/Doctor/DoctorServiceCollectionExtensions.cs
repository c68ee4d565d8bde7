using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Doctor;

public static class DoctorServiceCollectionExtensions
{
    /// <summary>Registers the services of Doctor/: the ordered checks of <c>doctor</c>.</summary>
    public static IServiceCollection AddDoctorServices(this IServiceCollection services) => services.AddSingleton<DoctorService>();
}
